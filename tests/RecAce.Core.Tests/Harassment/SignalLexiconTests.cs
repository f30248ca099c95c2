using RecAce.Core.Harassment;

namespace RecAce.Core.Tests.Harassment;

public sealed class SignalLexiconTests
{
    [Fact]
    public void Find_PhraseInsideALongerFoundPhrase_CountsOnce()
    {
        var lexicon = new SignalLexicon(null);

        var found = lexicon.Find("殺すぞ、覚えとけ");

        string[] expected = ["殺すぞ", "覚えとけ"];
        Assert.Equal(expected.Order(StringComparer.Ordinal), found.Select(f => f.Phrase).Order(StringComparer.Ordinal));
        Assert.All(found, f => Assert.Equal(IncidentCategory.Threat, f.Category));
    }

    [Fact]
    public void Categories_ParseStoredAndFormat_RoundTripAndIgnoreUnknown()
    {
        Assert.Equal("2,6", IncidentCategories.Format([IncidentCategory.Online, IncidentCategory.Threat, IncidentCategory.Online]));
        Assert.Equal([IncidentCategory.Threat, IncidentCategory.Online], IncidentCategories.ParseStored("6,2,99,x"));
        Assert.Equal(IncidentCategory.Online, IncidentCategories.Parse("SNS・ネット"));
        Assert.Null(IncidentCategories.Parse("0"));
    }

    [Fact]
    public void Workflow_Steps_OnlyForward()
    {
        Assert.Equal([IncidentStatus.Reviewed], IncidentWorkflow.NextFrom(IncidentStatus.Open));
        Assert.Equal([IncidentStatus.Escalated, IncidentStatus.Closed], IncidentWorkflow.NextFrom(IncidentStatus.Reviewed));
        Assert.Empty(IncidentWorkflow.NextFrom(IncidentStatus.Closed));
    }
}
