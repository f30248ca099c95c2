namespace RecAce.Plugins;

/// <summary>One direction of audio in a call.</summary>
/// <param name="LegId">The adapter's id for the leg, unique in the call; 1 to 64 characters of letters, digits, '-', '_' or '.'.</param>
/// <param name="Role">Whose voice the leg carries. Finalization puts <see cref="LegRole.Outside"/> on the left
/// channel and <see cref="LegRole.Staff"/> on the right; a <see cref="LegRole.Mixed"/> leg goes to both.</param>
/// <param name="Label">Optional text for administrators (a SIPREC stream label, a device name).</param>
public sealed record LegInfo(string LegId, LegRole Role, string? Label = null);

/// <summary>Whose voice a leg carries.</summary>
public enum LegRole
{
    /// <summary>The outside party (citizen). Left channel.</summary>
    Outside = 0,

    /// <summary>The staff member. Right channel.</summary>
    Staff = 1,

    /// <summary>Both parties mixed into one signal (a mono recording from a PBX). Both channels.</summary>
    Mixed = 2,
}
