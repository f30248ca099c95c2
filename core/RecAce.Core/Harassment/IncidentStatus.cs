namespace RecAce.Core.Harassment;

/// <summary>Where an incident is in its handling. The numbers are stored; never renumber.</summary>
public enum IncidentStatus
{
    Open = 0,
    Reviewed = 1,
    Escalated = 2,
    Closed = 3,
}

/// <summary>Whom an escalated incident went to.</summary>
public enum EscalationTarget
{
    Lawyer = 1,
    Police = 2,
}

/// <summary>
/// The allowed steps: open → reviewed → (escalated →) closed. An incident is reviewed before it is
/// escalated or closed, so every closed case was looked at by someone; a closed case stays closed
/// (a new incident is opened instead), so the record of what was decided never changes.
/// </summary>
public static class IncidentWorkflow
{
    public static bool CanMove(IncidentStatus from, IncidentStatus to) => (from, to) switch
    {
        (IncidentStatus.Open, IncidentStatus.Reviewed) => true,
        (IncidentStatus.Reviewed, IncidentStatus.Escalated) => true,
        (IncidentStatus.Reviewed, IncidentStatus.Closed) => true,
        (IncidentStatus.Escalated, IncidentStatus.Closed) => true,
        _ => false,
    };

    public static IReadOnlyList<IncidentStatus> NextFrom(IncidentStatus from) =>
        Enum.GetValues<IncidentStatus>().Where(to => CanMove(from, to)).ToList();

    public static string Japanese(IncidentStatus s) => s switch
    {
        IncidentStatus.Open => "未対応",
        IncidentStatus.Reviewed => "確認済み",
        IncidentStatus.Escalated => "エスカレーション済み",
        _ => "完了",
    };

    public static string Japanese(EscalationTarget t) => t == EscalationTarget.Police ? "警察" : "弁護士";
}

/// <summary>A status change the workflow does not allow; the message says which steps are allowed.</summary>
public sealed class InvalidIncidentTransitionException(IncidentStatus from, IncidentStatus to)
    : InvalidOperationException($"An incident cannot go from {from} to {to}; from {from} it can go to: {(IncidentWorkflow.NextFrom(from) is { Count: > 0 } next ? string.Join(", ", next) : "nothing (closed)")}.")
{
    public IncidentStatus From { get; } = from;
    public IncidentStatus To { get; } = to;
}
