using System.Collections.Concurrent;
using System.Net;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Messages;
using RecAce.Plugin.Sip.Protection;
using RecAce.Plugin.Sip.Rtp;
using RecAce.Plugin.Sip.Transport;
using RecAce.Plugins;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>
/// The recording server's SIP logic: checks each message (source, size, syntax), then handles
/// requests by method. Nothing thrown by call handling leaves <see cref="Receive"/>.
/// </summary>
internal sealed partial class SipServer : ISipMessageSink, IAsyncDisposable
{
    private readonly ConcurrentDictionary<string, SipDialog> _dialogs = new(StringComparer.Ordinal);
    private readonly SipOptions _options;
    private readonly ICallSink _sink;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SourceThrottle _throttle;
    private readonly CallRateLimiter _rate;
    private readonly CallParties _parties;
    private readonly RtpPortPool _ports;
    private readonly CancellationTokenSource _stopping = new();
    private long _malformed;
    private long _forbidden;
    private long _refused;

    public SipServer(SipOptions options, ICallSink sink, TimeProvider time, ILoggerFactory loggers)
    {
        _options = options;
        _sink = sink;
        _time = time;
        _logger = loggers.CreateLogger("RecAce.Plugin.Sip.SipServer");
        _throttle = new SourceThrottle(time);
        _rate = new CallRateLimiter(options.MaxCallsPerSecond, time);
        _parties = new CallParties(options.InternalExtensionPattern);
        _ports = new RtpPortPool(options.Listen, options.RtpPortMin, options.RtpPortMax);
        LoggerFactory = loggers;
        ReceiveLoops = Rtp.ReceiveLoops.TryCreate(options.RtpReceiveLoops, _logger);
        InviteTransactions = new InviteServerTransactions(time, _logger, _stopping.Token);
    }

    /// <summary>The in-line recorder, when routes are configured; it takes the INVITEs its routes match.</summary>
    public B2bua.B2buaServer? B2bua { get; set; }

    /// <summary>RTP ports, shared by recorded and relayed calls.</summary>
    public RtpPortPool Ports => _ports;

    /// <summary>The threads reading the RTP sockets; null when each socket has a thread of its own.</summary>
    public Rtp.ReceiveLoops? ReceiveLoops { get; }

    /// <summary>The SIP port, for Contact and Via of what we send.</summary>
    public int LocalPort { get; set; }

    public ILoggerFactory LoggerFactory { get; }

    public int ActiveCalls => _dialogs.Values.Count(d => d.State != DialogState.Ended) + (B2bua?.ActiveCalls ?? 0);

    public IReadOnlyDictionary<string, object> Counters
    {
        get
        {
            var counters = new Dictionary<string, object>
            {
                ["activeCalls"] = ActiveCalls,
                ["malformedMessages"] = Interlocked.Read(ref _malformed),
                ["forbiddenRequests"] = Interlocked.Read(ref _forbidden),
                ["refusedCalls"] = Interlocked.Read(ref _refused),
            };
            B2bua?.AddCounters(counters);
            return counters;
        }
    }

    public void Receive(ReadOnlyMemory<byte> data, ISipChannel channel)
    {
        try
        {
            var source = channel.Remote.Address.IsIPv4MappedToIPv6 ? channel.Remote.Address.MapToIPv4() : channel.Remote.Address;
            if (!_options.AllowedSources.Any(r => r.Contains(source)))
            {
                Forbid(data, channel, source);
                return;
            }

            var parsed = SipParser.Parse(data.Span, _options.MaxHeaderBytes);
            if (!parsed.IsValid)
            {
                Reject(parsed, channel);
                return;
            }

            var message = parsed.Message!;
            if (message.IsRequest) _ = HandleRequestAsync(message, channel);
            else B2bua?.HandleResponse(message);
        }
        catch (Exception ex)
        {
            // The transport must keep running whatever one message does.
            _logger.LogError(ex, "SIP message from {Remote} could not be handled", channel.Remote);
        }
    }

    public void Discard(string reason, ISipChannel channel)
    {
        Interlocked.Increment(ref _malformed);
        _logger.LogWarning("SIP input from {Remote} over {Transport} dropped: {Reason}", channel.Remote, channel.Transport, reason);
    }

    private void Forbid(ReadOnlyMemory<byte> data, ISipChannel channel, IPAddress source)
    {
        Interlocked.Increment(ref _forbidden);
        if (_throttle.ShouldLog(source, "forbidden"))
            _logger.LogWarning("SIP from {Source} refused with 403: not in Plugins:Sip:AllowedSources (logged once a minute per source)", source);
        // Answered statelessly (RFC 3261 section 8.2.7): a source we do not serve gets no transaction
        // state and no retransmissions, so a spoofed address cannot turn us into an amplifier.
        var parsed = SipParser.Parse(data.Span, _options.MaxHeaderBytes);
        if (parsed is { IsValid: true, Message: { IsRequest: true, Method: not "ACK" } request })
            _ = channel.SendAsync(SipResponses.Create(request, 403, "Forbidden").ToBytes()).AsTask();
    }

    private void Reject(SipParseResult parsed, ISipChannel channel)
    {
        Interlocked.Increment(ref _malformed);
        var request = parsed.Message;
        var answerable = request is { IsRequest: true, Method: not "ACK" } && request[SipHeaderNames.Via] is not null
            && request[SipHeaderNames.From] is not null && request[SipHeaderNames.To] is not null
            && request.CallId is not null && request.CSeq is not null;
        if (answerable)
        {
            _logger.LogWarning("SIP {Method} from {Remote} answered 400: {Error}", request!.Method, channel.Remote, parsed.Error);
            _ = channel.SendAsync(SipResponses.Create(request, 400, "Bad Request").ToBytes()).AsTask();
        }
        else
        {
            _logger.LogWarning("SIP input from {Remote} over {Transport} dropped: {Error}", channel.Remote, channel.Transport, parsed.Error);
        }
    }

    private async Task HandleRequestAsync(SipMessage request, ISipChannel channel)
    {
        try
        {
            // A retransmitted INVITE or the ACK of a refused one, for the recorder or the in-line recorder alike.
            if (InviteTransactions.Absorb(request, channel)) return;
            var inDialog = HeaderValues.Parameter(request[SipHeaderNames.To]!, "tag") is not null;
            if (B2bua is { } b2bua && await RelayAsync(b2bua, request, channel, inDialog)) return;
            switch (request.Method)
            {
                case "INVITE" when !inDialog:
                    await HandleNewInviteAsync(request, channel);
                    break;
                case "INVITE" or "UPDATE":
                    await HandleOfferInDialogAsync(request, channel);
                    break;
                case "ACK":
                    HandleAck(request);
                    break;
                case "BYE":
                    await HandleByeAsync(request, channel);
                    break;
                case "CANCEL":
                    await HandleCancelAsync(request, channel);
                    break;
                case "OPTIONS":
                    await channel.SendAsync(Options(request).ToBytes());
                    break;
                case "INFO":
                    await channel.SendAsync(SipResponses.Create(request, _dialogs.ContainsKey(request.CallId!) ? 200 : 481, _dialogs.ContainsKey(request.CallId!) ? "OK" : "Call/Transaction Does Not Exist").ToBytes());
                    break;
                default:
                    await channel.SendAsync(SipResponses.Create(request, 405, "Method Not Allowed").Add(SipHeaderNames.Allow, SipResponses.Allow).ToBytes());
                    break;
            }
        }
        catch (Exception ex)
        {
            _logger.LogError(ex, "SIP {Method} {CallId} from {Remote} failed", request.Method, request.CallId, channel.Remote);
            var failure = SipResponses.Create(request, 500, "Server Internal Error");
            if (request.Method == "INVITE") await RefuseInviteAsync(request, failure, channel);
            else if (request.Method != "ACK") await channel.SendAsync(failure.ToBytes());
        }
    }

    /// <summary>Hands a request to the in-line recorder when it belongs to a relayed call or a route takes it.</summary>
    private async Task<bool> RelayAsync(B2bua.B2buaServer b2bua, SipMessage request, ISipChannel channel, bool inDialog)
    {
        if (b2bua.Owns(request))
        {
            await b2bua.HandleRequestAsync(request, channel);
            return true;
        }

        if (request.Method != "INVITE" || inDialog || _dialogs.ContainsKey(request.CallId!)) return false;
        var source = channel.Remote.Address.IsIPv4MappedToIPv6 ? channel.Remote.Address.MapToIPv4() : channel.Remote.Address;
        if (b2bua.RouteFor(request, source) is not { } route) return false;
        if (Refusal(request) is { } refusal)
        {
            await RefuseInviteAsync(request, refusal, channel);
            return true;
        }

        await b2bua.HandleNewInviteAsync(request, channel, route);
        return true;
    }

    private static SipMessage Options(SipMessage request) =>
        SipResponses.Create(request, 200, "OK", SipIds.Tag())
            .Add(SipHeaderNames.Allow, SipResponses.Allow)
            .Add(SipHeaderNames.Accept, "application/sdp, application/rs-metadata+xml, multipart/mixed")
            .Add(SipHeaderNames.Supported, "siprec");

    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync();
        _stopping.Dispose();
        ReceiveLoops?.Dispose();
    }
}
