namespace RecAce.Web.Cli;

/// <summary>Reads <c>--name value</c> pairs; anything not an option is passed on to the host configuration.</summary>
internal sealed class CommandOptions
{
    private readonly Dictionary<string, string> _values = new(StringComparer.Ordinal);

    public CommandOptions(string[] args, params string[] known)
    {
        var passThrough = new List<string>();
        for (var i = 0; i < args.Length; i++)
        {
            var name = args[i];
            if (known.Contains(name))
            {
                if (i + 1 >= args.Length) throw new CommandLineException($"{name} needs a value");
                _values[name] = args[++i];
            }
            else
            {
                passThrough.Add(name);
            }
        }

        HostArgs = [.. passThrough];
    }

    /// <summary>Arguments for the host's configuration (<c>--RecAce:DataDirectory=...</c>).</summary>
    public string[] HostArgs { get; }

    public string Required(string name) =>
        _values.TryGetValue(name, out var v) && !string.IsNullOrWhiteSpace(v) ? v : throw new CommandLineException($"{name} is required");

    public string? Optional(string name) => _values.GetValueOrDefault(name);
}
