using System.Collections.Concurrent;
using System.Globalization;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Transport;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>
/// INVITE server transactions that ended in a non-2xx final response (RFC 3261 section 17.2.1).
/// "Completed": over UDP the response is resent at timer G (T1, doubling, capped at T2) until the
/// ACK arrives; a retransmitted INVITE gets it again; timer H (64*T1) gives up with one log line.
/// "Confirmed": further ACKs are absorbed for timer I (T4 over UDP, none over TCP/TLS, which
/// never resend). A 2xx is not kept here: the dialog resends it itself (section 13.3.1.4).
/// Shared by the recording server and the in-line recorder, so both behave the same.
/// </summary>
internal sealed class InviteServerTransactions(TimeProvider time, ILogger logger, CancellationToken stopping)
{
    public static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);
    public static readonly TimeSpan T2 = TimeSpan.FromSeconds(4);
    public static readonly TimeSpan T4 = TimeSpan.FromSeconds(5);
    public static readonly TimeSpan TimerH = 64 * T1;

    // Each transaction lives at most 37 s; this bounds memory if an allowed source floods INVITEs
    // that are all refused. Past it, responses are sent once, statelessly (section 8.2.7 allows it).
    private const int MaxKept = 20_000;

    private readonly ConcurrentDictionary<string, InviteServerTransaction> _byBranch = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<string, InviteServerTransaction> _byRequest = new(StringComparer.Ordinal);

    /// <summary>Transactions in Completed or Confirmed.</summary>
    public int Count => _byBranch.Count;

    /// <summary>Sends a non-2xx final response to an INVITE and keeps the transaction until ACK or timer H.</summary>
    public async Task RespondAsync(SipMessage invite, SipMessage response, ISipChannel channel)
    {
        ArgumentNullException.ThrowIfNull(invite);
        ArgumentNullException.ThrowIfNull(response);
        ArgumentNullException.ThrowIfNull(channel);
        if (response.StatusCode is < 300 || invite.Method != "INVITE")
            throw new ArgumentException("Only non-2xx final responses to an INVITE complete a server transaction here.", nameof(response));

        var bytes = response.ToBytes();
        if (_byBranch.Count >= MaxKept || BranchKey(invite) is not { } branch)
        {
            await channel.SendAsync(bytes);
            return;
        }

        var transaction = new InviteServerTransaction(branch, RequestKey(invite), bytes, channel, invite.CallId!, response.StatusCode, stopping);
        if (!_byBranch.TryAdd(branch, transaction))
        {
            // Already answered (a retransmission raced the first copy): the first answer stands.
            transaction.Dispose();
            if (_byBranch.TryGetValue(branch, out var existing)) await channel.SendAsync(existing.Response);
            return;
        }

        _byRequest[transaction.RequestKey] = transaction;
        await channel.SendAsync(bytes);
        _ = RunAsync(transaction);
    }

    /// <summary>
    /// Takes an INVITE or ACK that belongs to a kept transaction: a retransmitted INVITE gets the
    /// final response again (in Completed), an ACK confirms it. False when the request is not ours.
    /// </summary>
    public bool Absorb(SipMessage request, ISipChannel channel)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(channel);
        if (request.Method is not ("INVITE" or "ACK") || _byBranch.IsEmpty) return false;
        InviteServerTransaction? transaction = null;
        if (BranchKey(request) is { } branch) _byBranch.TryGetValue(branch, out transaction);
        // Some UACs give the ACK for a non-2xx a new branch (sipp's [branch] does); Call-ID, CSeq
        // and From tag still name the INVITE it acknowledges.
        if (transaction is null && request.Method == "ACK") _byRequest.TryGetValue(RequestKey(request), out transaction);
        if (transaction is null) return false;

        if (request.Method == "ACK") transaction.Confirm();
        else if (!transaction.IsConfirmed) _ = channel.SendAsync(transaction.Response).AsTask();
        return true;
    }

    private async Task RunAsync(InviteServerTransaction transaction)
    {
        var reliable = transaction.Channel.IsReliable;
        var interval = T1;
        var elapsed = TimeSpan.Zero;
        try
        {
            while (true)
            {
                var untilH = TimerH - elapsed;
                var wait = reliable || interval > untilH ? untilH : interval;
                await Task.Delay(wait, time, transaction.Acknowledged);
                elapsed += wait;
                if (elapsed >= TimerH)
                {
                    logger.LogWarning("SIP INVITE {CallId} from {Remote}: no ACK for the {Status} response within {Seconds} s (timer H); transaction ended",
                        transaction.CallId, transaction.Channel.Remote, transaction.Status, TimerH.TotalSeconds);
                    return;
                }

                await transaction.Channel.SendAsync(transaction.Response);
                interval = TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, T2.Ticks));
            }
        }
        catch (OperationCanceledException) when (transaction.IsConfirmed)
        {
            // Confirmed: ACK retransmissions are absorbed for timer I (zero over reliable transports).
            // Yield first: the ACK's thread may be inside Cancel, which must not see the source disposed.
            await Task.Yield();
            if (!reliable) await TimerIAsync();
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
        finally
        {
            _byBranch.TryRemove(new KeyValuePair<string, InviteServerTransaction>(transaction.BranchKey, transaction));
            _byRequest.TryRemove(new KeyValuePair<string, InviteServerTransaction>(transaction.RequestKey, transaction));
            transaction.Dispose();
        }
    }

    private async Task TimerIAsync()
    {
        try
        {
            await Task.Delay(T4, time, stopping);
        }
        catch (OperationCanceledException)
        {
            // The server is stopping.
        }
    }

    /// <summary>
    /// Section 17.2.3: the top Via's branch and sent-by (the ACK for a non-2xx carries the
    /// INVITE's branch); for RFC 2543 peers without the magic cookie, the request's identity.
    /// </summary>
    private static string? BranchKey(SipMessage request)
    {
        var vias = request.All(SipHeaderNames.Via);
        if (vias.Count == 0 || request.CallId is null || request.CSeq is null) return null;
        var via = vias[0];
        var branch = HeaderValues.Parameter(via, "branch");
        var semicolon = via.IndexOf(';', StringComparison.Ordinal);
        var parts = (semicolon < 0 ? via : via[..semicolon]).Split(' ', StringSplitOptions.RemoveEmptyEntries);
        var sentBy = parts.Length == 0 ? string.Empty : parts[^1];
        return branch is not null && branch.StartsWith("z9hG4bK", StringComparison.Ordinal)
            ? string.Concat("b\n", branch, "\n", sentBy.ToLowerInvariant())
            : string.Concat("r\n", RequestKey(request), "\n", via);
    }

    private static string RequestKey(SipMessage request) =>
        string.Create(CultureInfo.InvariantCulture, $"{request.CallId}\n{request.CSeq?.Number}\n{HeaderValues.Parameter(request[SipHeaderNames.From] ?? string.Empty, "tag")}");
}

/// <summary>One kept INVITE server transaction: the final response and whether the ACK came.</summary>
internal sealed class InviteServerTransaction(string branchKey, string requestKey, byte[] response, ISipChannel channel, string callId, int status, CancellationToken stopping) : IDisposable
{
    private readonly CancellationTokenSource _acknowledged = CancellationTokenSource.CreateLinkedTokenSource(stopping);
    private readonly Lock _gate = new();
    private bool _confirmed;
    private bool _disposed;

    public string BranchKey { get; } = branchKey;

    public string RequestKey { get; } = requestKey;

    public byte[] Response { get; } = response;

    public ISipChannel Channel { get; } = channel;

    public string CallId { get; } = callId;

    public int Status { get; } = status;

    /// <summary>Cancelled when the ACK arrives (or the server stops): ends timer G and H.</summary>
    public CancellationToken Acknowledged => _acknowledged.Token;

    public bool IsConfirmed
    {
        get
        {
            lock (_gate) return _confirmed;
        }
    }

    public void Confirm()
    {
        lock (_gate)
        {
            if (_confirmed || _disposed) return;
            _confirmed = true;
        }

        try
        {
            _acknowledged.Cancel();
        }
        catch (ObjectDisposedException)
        {
            // Timer H ended it meanwhile.
        }
    }

    public void Dispose()
    {
        lock (_gate)
        {
            if (_disposed) return;
            _disposed = true;
            _acknowledged.Dispose();
        }
    }
}
