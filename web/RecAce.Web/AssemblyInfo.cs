using Microsoft.Extensions.Localization;

// The assembly is named "recace" (the binary operators run); resources are named after the code's namespace.
[assembly: RootNamespace("RecAce.Web")]
