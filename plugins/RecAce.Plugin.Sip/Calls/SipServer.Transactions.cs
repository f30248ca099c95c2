using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Transport;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>Non-2xx final responses to INVITEs go through the INVITE server transactions (RFC 3261 section 17.2.1).</summary>
internal sealed partial class SipServer
{
    /// <summary>Completed INVITE server transactions, shared with the in-line recorder.</summary>
    public InviteServerTransactions InviteTransactions { get; }

    /// <summary>Sends a final error to an INVITE; over UDP it is resent until ACK (timer G/H).</summary>
    private Task RefuseInviteAsync(SipMessage invite, SipMessage response, ISipChannel channel) =>
        InviteTransactions.RespondAsync(invite, response, channel);

    /// <summary>Sends a response to an INVITE or UPDATE in a dialog: a final error to a re-INVITE is kept as a transaction.</summary>
    private async Task RespondInDialogAsync(SipMessage request, SipMessage response, ISipChannel channel)
    {
        if (request.Method == "INVITE" && response.StatusCode >= 300) await RefuseInviteAsync(request, response, channel);
        else await channel.SendAsync(response.ToBytes());
    }
}
