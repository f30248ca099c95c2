using RecAce.Core.Transcription.Worker;

namespace RecAce.Web.Cli;

/// <summary>
/// <c>recace transcribe-worker</c>: the out-of-process Whisper worker the host starts per call. It is
/// a verb of the same binary so a deployment carries one executable and one copy of the native
/// runtime; it reads one job from stdin and writes JSON lines to stdout (see <see cref="WorkerMessage"/>).
/// </summary>
internal static class TranscribeWorkerCommand
{
    public static Task<int> RunAsync() =>
        TranscriptionWorkerHost.RunAsync(Console.In, Console.Out, Console.Error, CancellationToken.None);
}
