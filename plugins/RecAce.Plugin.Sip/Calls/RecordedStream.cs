using RecAce.Plugin.Sip.Rtp;
using RecAce.Plugin.Sip.Sdp;

namespace RecAce.Plugin.Sip.Calls;

/// <summary>One received m-line of a dialog: the offer it answers, its leg and its receiver.</summary>
internal sealed record RecordedStream(StreamLeg Leg, SdpMedia Offer, RtpReceiver Receiver, IReadOnlyDictionary<int, string> Accepted);
