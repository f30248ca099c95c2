namespace RecAce.Plugins;

/// <summary>A key pressed during a call (RFC 4733 telephone-event, SIP INFO, or a PBX's own report).</summary>
/// <param name="Digit">One of <c>0</c>-<c>9</c>, <c>*</c>, <c>#</c>, <c>A</c>-<c>D</c>; anything else is rejected by the host.</param>
/// <param name="At">When the key was pressed (the event's first packet, or its capture time).</param>
/// <param name="Duration">How long the key was held; <see cref="TimeSpan.Zero"/> when not known.</param>
public readonly record struct DtmfEvent(char Digit, DateTimeOffset At, TimeSpan Duration);
