namespace RecAce.Web.Cli;

/// <summary>A command was used wrongly; the message is shown to the operator as one line.</summary>
public sealed class CommandLineException : Exception
{
    public CommandLineException() { }

    public CommandLineException(string message) : base(message) { }

    public CommandLineException(string message, Exception inner) : base(message, inner) { }
}
