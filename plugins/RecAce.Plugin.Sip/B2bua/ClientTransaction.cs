using System.Collections.Concurrent;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Transport;

namespace RecAce.Plugin.Sip.B2bua;

/// <summary>
/// A request we sent (RFC 3261 section 17.1): over UDP it is resent at T1 doubling (capped at T2
/// for non-INVITE) until a response says it arrived, and given up after 64*T1 (timer B / F).
/// Responses are matched by the branch of our Via.
/// </summary>
internal sealed class ClientTransaction
{
    private static readonly TimeSpan T1 = TimeSpan.FromMilliseconds(500);
    private static readonly TimeSpan T2 = TimeSpan.FromSeconds(4);
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(32);
    private readonly TaskCompletionSource<SipMessage?> _final = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Action<SipMessage>? _onProvisional;
    private volatile bool _heard;

    private ClientTransaction(SipMessage request, ISipChannel channel, Action<SipMessage>? onProvisional)
    {
        Request = request;
        Channel = channel;
        Bytes = request.ToBytes();
        Branch = HeaderValues.Parameter(request[SipHeaderNames.Via]!, "branch")!;
        _onProvisional = onProvisional;
    }

    public SipMessage Request { get; }

    public ISipChannel Channel { get; }

    public byte[] Bytes { get; }

    public string Branch { get; }

    /// <summary>Whether a provisional or final response arrived (CANCEL may be sent only after one).</summary>
    public bool Heard => _heard;

    /// <summary>The final response, or null after timer B/F (no answer at all).</summary>
    public Task<SipMessage?> Final => _final.Task;

    /// <summary>Sends the request and starts its retransmission.</summary>
    public static ClientTransaction Start(SipMessage request, ISipChannel channel, ClientTransactions registry, TimeProvider time, Action<SipMessage>? onProvisional = null)
    {
        var transaction = new ClientTransaction(request, channel, onProvisional);
        registry.Add(transaction);
        _ = transaction.RunAsync(registry, time);
        return transaction;
    }

    public void Receive(SipMessage response)
    {
        _heard = true;
        if (response.StatusCode < 200)
        {
            _onProvisional?.Invoke(response);
            return;
        }

        _final.TrySetResult(response);
    }

    private async Task RunAsync(ClientTransactions registry, TimeProvider time)
    {
        var isInvite = Request.Method == "INVITE";
        var interval = T1;
        var elapsed = TimeSpan.Zero;
        try
        {
            await Channel.SendAsync(Bytes);
            while (elapsed < Timeout && !_final.Task.IsCompleted)
            {
                var wait = Task.Delay(interval, time);
                await Task.WhenAny(wait, _final.Task);
                if (_final.Task.IsCompleted) break;
                elapsed += interval;
                // An INVITE stops being resent once anything came back (the callee is ringing).
                if (!Channel.IsReliable && !(isInvite && _heard)) await Channel.SendAsync(Bytes);
                interval = isInvite ? interval * 2 : TimeSpan.FromTicks(Math.Min(interval.Ticks * 2, T2.Ticks));
            }

            // Once a provisional came, an INVITE waits for its final answer as long as the
            // route's ring timeout (which cancels it); timer B applies only to silence.
            if (isInvite && _heard) await _final.Task;
            _final.TrySetResult(null);
        }
        finally
        {
            // Kept a little longer so retransmitted finals (a 2xx to re-ACK) still find it.
            _ = Task.Delay(Timeout, time).ContinueWith(_ => registry.Remove(this), TaskScheduler.Default);
        }
    }
}

/// <summary>Our outstanding client transactions, by Via branch (and method, as CANCEL shares the INVITE's branch).</summary>
internal sealed class ClientTransactions
{
    private readonly ConcurrentDictionary<(string Branch, string Method), ClientTransaction> _open = new();

    public int Count => _open.Count;

    public void Add(ClientTransaction transaction) => _open[(transaction.Branch, transaction.Request.Method!)] = transaction;

    public void Remove(ClientTransaction transaction) =>
        _open.TryRemove(new KeyValuePair<(string, string), ClientTransaction>((transaction.Branch, transaction.Request.Method!), transaction));

    /// <summary>The transaction a response belongs to, or null (a stray or late response).</summary>
    public ClientTransaction? Match(SipMessage response)
    {
        var via = response[SipHeaderNames.Via];
        var branch = via is null ? null : HeaderValues.Parameter(via, "branch");
        var method = response.CSeq?.Method;
        return branch is null || method is null ? null : _open.GetValueOrDefault((branch, method));
    }
}
