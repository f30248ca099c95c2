namespace RecAce.Plugin.Capture.Calls;

/// <summary>The two ends of a SIP dialog as seen on the wire: who sent the initial INVITE, and who answered.</summary>
internal enum Party
{
    Caller = 0,
    Callee = 1,
}

/// <summary>Where a call is in its life.</summary>
internal enum CallPhase
{
    /// <summary>INVITE seen, no final answer yet.</summary>
    Inviting = 0,

    /// <summary>Answered 401/407: the caller usually sends the INVITE again with credentials.</summary>
    Challenged = 1,

    /// <summary>Answered 2xx: connected.</summary>
    Connected = 2,

    /// <summary>Closed and handed to the core.</summary>
    Ended = 3,
}
