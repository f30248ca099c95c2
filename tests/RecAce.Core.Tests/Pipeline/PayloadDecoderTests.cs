using RecAce.Core.Pipeline;
using RecAce.Plugins;

namespace RecAce.Core.Tests.Pipeline;

public sealed class PayloadDecoderTests
{
    [Theory]
    [InlineData(AudioCodec.Pcmu, 0xFF, 0)]
    [InlineData(AudioCodec.Pcmu, 0x00, -32124)]
    [InlineData(AudioCodec.Pcma, 0xD5, 8)]
    [InlineData(AudioCodec.Pcma, 0x2A, -32256)]
    public void Decode_G711_MatchesItuTables(AudioCodec codec, byte input, short expected)
    {
        var sut = new PayloadDecoder(codec, 8000);
        var output = new short[1];
        sut.Decode([input], output);
        Assert.Equal(expected, output[0]);
    }

    [Fact]
    public void Decode_L16_IsBigEndian()
    {
        var sut = new PayloadDecoder(AudioCodec.L16, 16000);
        var output = new short[2];
        sut.Decode([0x12, 0x34, 0xFF, 0xFE], output);
        Assert.Equal([0x1234, -2], output);
    }

    [Fact]
    public void Constructor_SampleRateOutOfRange_Throws() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => new PayloadDecoder(AudioCodec.Pcm16, 96000));
}
