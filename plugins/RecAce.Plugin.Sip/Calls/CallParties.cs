using System.Text.RegularExpressions;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Sdp;
using RecAce.Plugin.Sip.Siprec;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>
/// Decides who is the outside party and who is staff, and which leg each stream records: from
/// SIPREC metadata, or in fork mode from From / P-Asserted-Identity / To / Diversion. A party is
/// staff when its number matches <see cref="SipOptions.InternalExtensionPattern"/>.
/// </summary>
internal sealed class CallParties(Regex internalExtension)
{
    /// <summary>One side of the call.</summary>
    public sealed record Party(string? Number, string? Name, bool IsStaff);

    public bool IsStaff(string? number) => number is not null && internalExtension.IsMatch(number);

    /// <summary>Call data from SIPREC metadata; the first participant listed is taken as the caller, as the SRCs we know list them.</summary>
    public CallMetadataUpdate FromMetadata(RecordingMetadata metadata)
    {
        ArgumentNullException.ThrowIfNull(metadata);
        var parties = metadata.Participants.Select(p => ToParty(NameAddress.Parse(p.Aor)?.User ?? p.Aor, p.Name)).ToList();
        return Describe(parties.Count > 0 ? parties[0] : null, parties.Count > 1 ? parties[1] : null);
    }

    /// <summary>Call data of a plain forked INVITE.</summary>
    public CallMetadataUpdate FromHeaders(SipMessage invite)
    {
        ArgumentNullException.ThrowIfNull(invite);
        var caller = NameAddress.Parse(invite[SipHeaderNames.PAssertedIdentity]) ?? NameAddress.Parse(invite[SipHeaderNames.From]);
        var callee = NameAddress.Parse(invite[SipHeaderNames.To]);
        var update = Describe(caller is null ? null : ToParty(caller.User, caller.DisplayName), callee is null ? null : ToParty(callee.User, callee.DisplayName));
        var diversion = NameAddress.Parse(invite.All(SipHeaderNames.Diversion) is { Count: > 0 } diversions ? diversions[0] : null);
        return diversion?.User is { } diverted
            ? update with { Extra = new Dictionary<string, string> { ["sip.diversion"] = diverted } }
            : update;
    }

    /// <summary>The leg of each accepted stream.</summary>
    public IReadOnlyList<StreamLeg> Legs(IReadOnlyList<SdpMedia> media, RecordingMetadata? metadata, CallDirection direction)
    {
        ArgumentNullException.ThrowIfNull(media);
        var legs = new List<StreamLeg>();
        for (var i = 0; i < media.Count; i++)
        {
            var m = media[i];
            if (MediaFormat.Accepted(m) is null) continue;
            var sender = metadata?.SenderOf(m.Label);
            var role = sender is not null
                ? IsStaff(NameAddress.Parse(sender.Aor)?.User ?? sender.Aor) ? LegRole.Staff : LegRole.Outside
                : PositionalRole(legs.Count, media.Count(MediaIsAccepted), direction);
            legs.Add(new StreamLeg(i, m.Label, StreamLeg.IdFor(i, m.Label), role));
        }

        return legs;
    }

    private static bool MediaIsAccepted(SdpMedia m) => MediaFormat.Accepted(m) is not null;

    /// <summary>Without metadata: one stream is the mix; of two, the first is the caller's (outside unless the call is outbound).</summary>
    private static LegRole PositionalRole(int position, int count, CallDirection direction)
    {
        if (count == 1) return LegRole.Mixed;
        var callerRole = direction == CallDirection.Outbound ? LegRole.Staff : LegRole.Outside;
        var calleeRole = callerRole == LegRole.Staff ? LegRole.Outside : LegRole.Staff;
        return position % 2 == 0 ? callerRole : calleeRole;
    }

    private Party ToParty(string? number, string? name) => new(number, name, IsStaff(number));

    private static CallMetadataUpdate Describe(Party? caller, Party? callee)
    {
        var direction = (caller?.IsStaff, callee?.IsStaff) switch
        {
            (false, true) => CallDirection.Inbound,
            (true, false) => CallDirection.Outbound,
            (true, true) => CallDirection.Internal,
            _ => CallDirection.Unknown,
        };
        var staff = caller?.IsStaff == true ? caller : callee?.IsStaff == true ? callee : null;
        var outside = caller?.IsStaff == false ? caller : callee?.IsStaff == false ? callee : null;
        if (direction == CallDirection.Internal) outside = callee;
        return new CallMetadataUpdate
        {
            Direction = direction,
            OutsideNumber = outside?.Number,
            OutsideName = outside?.Name,
            StaffExtension = staff?.Number,
            StaffName = staff?.Name,
        };
    }
}
