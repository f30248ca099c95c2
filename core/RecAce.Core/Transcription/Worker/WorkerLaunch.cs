namespace RecAce.Core.Transcription.Worker;

/// <summary>How to start a worker process: the program and its arguments (the job goes to its stdin).</summary>
public sealed record WorkerLaunch(string Executable, IReadOnlyList<string> Arguments);
