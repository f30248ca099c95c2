namespace RecAce.Plugin.Capture.Tests;

/// <summary>A theory over the shared captures, skipped with the reason when the folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedCapturesTheoryAttribute : TheoryAttribute
{
    public SharedCapturesTheoryAttribute()
    {
        if (SharedCaptures.Folder is null) Skip = SharedCaptures.SkipReason;
    }
}

/// <summary>A fact on the shared captures, skipped with the reason when the folder is absent.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SharedCapturesFactAttribute : FactAttribute
{
    public SharedCapturesFactAttribute()
    {
        if (SharedCaptures.Folder is null) Skip = SharedCaptures.SkipReason;
    }
}
