using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;
using Microsoft.Extensions.Logging;
using RecAce.Plugin.Sip.Messages;

namespace RecAce.Plugin.Sip.Transport;

/// <summary>
/// One TCP or TLS connection: cuts the byte stream into messages by Content-Length (RFC 3261
/// section 18.3) and sends responses and our requests back on it. The stream is the socket's own
/// for TCP, an authenticated <see cref="System.Net.Security.SslStream"/> over it for TLS.
/// </summary>
internal sealed class TcpSipConnection : ISipChannel, IDisposable
{
    /// <summary>A SIPREC source keeps its connection with OPTIONS keep-alives; anything silent longer is gone.</summary>
    private static readonly TimeSpan IdleTimeout = TimeSpan.FromMinutes(15);

    private readonly Stream _stream;
    private readonly SipOptions _options;
    private readonly ISipMessageSink _sink;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _sendGate = new(1, 1);

    /// <summary>A connection over <paramref name="stream"/> (disposed with it); <paramref name="transport"/> is <c>TCP</c> or <c>TLS</c>, as written in Via.</summary>
    public TcpSipConnection(Stream stream, IPEndPoint remote, IPEndPoint local, string transport, SipOptions options, ISipMessageSink sink, ILogger logger)
    {
        _stream = stream;
        _options = options;
        _sink = sink;
        _logger = logger;
        Remote = remote;
        LocalAddress = local.Address;
        LocalPort = local.Port;
        Transport = transport;
    }

    public string Transport { get; }

    public bool IsReliable => true;

    public IPEndPoint Remote { get; }

    public IPAddress LocalAddress { get; }

    /// <summary>The listener's port: our Contact and Via on this connection name it.</summary>
    public int LocalPort { get; }

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        var buffer = new byte[_options.MaxMessageBytes + 4];
        var filled = 0;
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                using var idle = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
                idle.CancelAfter(IdleTimeout);
                var read = await _stream.ReadAsync(buffer.AsMemory(filled), idle.Token);
                if (read == 0) return;
                filled += read;
                var consumed = Frame(buffer, filled, out var fatal);
                if (fatal is not null)
                {
                    _sink.Discard(fatal, this);
                    return;
                }

                Buffer.BlockCopy(buffer, consumed, buffer, 0, filled - consumed);
                filled -= consumed;
                if (filled == buffer.Length)
                {
                    _sink.Discard($"message larger than {_options.MaxMessageBytes} bytes", this);
                    return;
                }
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or SocketException or IOException or ObjectDisposedException)
        {
            _logger.LogDebug("SIP {Transport} connection from {Remote} ended: {Reason}", Transport, Remote, ex.Message);
        }
    }

    public async ValueTask SendAsync(byte[] message)
    {
        await _sendGate.WaitAsync();
        try
        {
            await _stream.WriteAsync(message);
            await _stream.FlushAsync();
        }
        catch (Exception ex) when (ex is SocketException or IOException or ObjectDisposedException or InvalidOperationException)
        {
            _logger.LogDebug(ex, "SIP {Transport} send to {Remote} failed", Transport, Remote);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    public void Dispose()
    {
        _stream.Dispose();
        _sendGate.Dispose();
    }

    /// <summary>Hands every complete message in the buffer to the sink; returns the bytes consumed.</summary>
    private int Frame(byte[] buffer, int filled, out string? fatal)
    {
        fatal = null;
        var at = 0;
        while (at < filled)
        {
            // CRLF keep-alives (RFC 5626) between messages.
            if (buffer[at] is (byte)'\r' or (byte)'\n')
            {
                at++;
                continue;
            }

            var span = buffer.AsSpan(at, filled - at);
            var headerEnd = SipParser.FindHeaderEnd(span, out _);
            if (headerEnd < 0)
            {
                if (span.Length > _options.MaxHeaderBytes) fatal = "header section too large";
                return at;
            }

            var length = ContentLength(span[..headerEnd]);
            if (length is null)
            {
                fatal = "message without a valid Content-Length on a stream";
                return at;
            }

            if (headerEnd + length.Value > _options.MaxMessageBytes)
            {
                fatal = $"message larger than {_options.MaxMessageBytes} bytes";
                return at;
            }

            if (span.Length < headerEnd + length.Value) return at;
            _sink.Receive(span[..(headerEnd + length.Value)].ToArray(), this);
            at += headerEnd + length.Value;
        }

        return at;
    }

    private static int? ContentLength(ReadOnlySpan<byte> head)
    {
        foreach (var line in Encoding.Latin1.GetString(head).Split('\n'))
        {
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0) continue;
            var name = line[..colon].Trim();
            if (!name.Equals("Content-Length", StringComparison.OrdinalIgnoreCase) && !name.Equals("l", StringComparison.OrdinalIgnoreCase)) continue;
            return int.TryParse(line[(colon + 1)..].Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : null;
        }

        return null;
    }
}
