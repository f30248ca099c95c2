namespace RecAce.Plugin.Sip.Calls;

/// <summary>Where a recorded dialog is in its life.</summary>
internal enum DialogState
{
    /// <summary>INVITE received, recording being opened; CANCEL still possible.</summary>
    Pending,

    /// <summary>200 OK sent; recording.</summary>
    Answered,

    /// <summary>Cancelled, refused or ended; kept briefly to absorb retransmissions.</summary>
    Ended,
}
