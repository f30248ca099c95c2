using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Text;

namespace RecAce.Web.Tests.EndToEnd.Sip;

/// <summary>
/// A tiny client of rtpengine's ng control protocol: a cookie, a space and a bencoded dictionary
/// over UDP, answered the same way. Strings, integers, lists and dictionaries; enough for
/// offer/answer, query and subscribe request/answer.
/// </summary>
internal sealed class NgControl(IPEndPoint server)
{
    public async Task<Dictionary<string, object>> SendAsync(Dictionary<string, object> command, TimeSpan timeout)
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        var cookie = Guid.NewGuid().ToString("N")[..12];
        using var message = new MemoryStream();
        message.Write(Encoding.ASCII.GetBytes(cookie + " "));
        Encode(message, command);
        await socket.SendToAsync(message.ToArray(), SocketFlags.None, server);
        var buffer = new byte[65535];
        using var cts = new CancellationTokenSource(timeout);
        while (true)
        {
            var received = await socket.ReceiveAsync(buffer, SocketFlags.None, cts.Token);
            var reply = buffer.AsSpan(0, received);
            if (!reply.StartsWith(Encoding.ASCII.GetBytes(cookie + " "))) continue;
            var position = cookie.Length + 1;
            return (Dictionary<string, object>)Decode(buffer.AsSpan(0, received), ref position);
        }
    }

    /// <summary>Sends a command and returns its reply, failing with rtpengine's reason unless the result is ok.</summary>
    public async Task<Dictionary<string, object>> RequireOkAsync(Dictionary<string, object> command)
    {
        var reply = await SendAsync(command, TimeSpan.FromSeconds(5));
        var result = reply.GetValueOrDefault("result") as string;
        if (result != "ok" && result != "pong")
            throw new InvalidOperationException($"rtpengine '{command["command"]}': {result} {reply.GetValueOrDefault("error-reason")}");
        return reply;
    }

    private static void Encode(Stream output, object value)
    {
        switch (value)
        {
            case string s:
                var bytes = Encoding.UTF8.GetBytes(s);
                output.Write(Encoding.ASCII.GetBytes(bytes.Length.ToString(CultureInfo.InvariantCulture) + ":"));
                output.Write(bytes);
                break;
            case int or long:
                output.Write(Encoding.ASCII.GetBytes(string.Create(CultureInfo.InvariantCulture, $"i{value}e")));
                break;
            case IEnumerable<KeyValuePair<string, object>> dictionary:
                output.WriteByte((byte)'d');
                foreach (var (key, item) in dictionary.OrderBy(p => p.Key, StringComparer.Ordinal))
                {
                    Encode(output, key);
                    Encode(output, item);
                }

                output.WriteByte((byte)'e');
                break;
            case IEnumerable<object> list:
                output.WriteByte((byte)'l');
                foreach (var item in list) Encode(output, item);
                output.WriteByte((byte)'e');
                break;
            default:
                throw new ArgumentException($"cannot bencode {value.GetType()}", nameof(value));
        }
    }

    private static object Decode(ReadOnlySpan<byte> data, ref int position)
    {
        switch (data[position])
        {
            case (byte)'i':
                var end = data[position..].IndexOf((byte)'e') + position;
                var number = long.Parse(data[(position + 1)..end], CultureInfo.InvariantCulture);
                position = end + 1;
                return number;
            case (byte)'l':
                position++;
                var list = new List<object>();
                while (data[position] != (byte)'e') list.Add(Decode(data, ref position));
                position++;
                return list;
            case (byte)'d':
                position++;
                var dictionary = new Dictionary<string, object>(StringComparer.Ordinal);
                while (data[position] != (byte)'e')
                {
                    var key = (string)Decode(data, ref position);
                    dictionary[key] = Decode(data, ref position);
                }

                position++;
                return dictionary;
            default:
                var colon = data[position..].IndexOf((byte)':') + position;
                var length = int.Parse(data[position..colon], CultureInfo.InvariantCulture);
                var text = Encoding.UTF8.GetString(data.Slice(colon + 1, length));
                position = colon + 1 + length;
                return text;
        }
    }
}
