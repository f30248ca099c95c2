using RecAce.Web.Cli;

return await CommandLine.RunAsync(args);
