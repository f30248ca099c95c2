namespace RecAce.Core.Calls;

/// <summary>
/// Told when an adapter opens a call, on the adapter's own path: an observer must return at once
/// (hand the work to a queue) and never throw. The plugin contract is unchanged; the host adds observers.
/// </summary>
public interface ICallStartObserver
{
    void OnCallStarted(CallStarted call);
}

/// <summary>A call that has just been opened, with what the adapter knew at the start.</summary>
public sealed record CallStarted(Guid CallId, string AdapterId, string? OutsideNumber, string? OutsideName, string? StaffExtension, DateTimeOffset StartedAt);
