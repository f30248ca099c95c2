namespace RecAce.Core.Harassment;

/// <summary>
/// The kinds of customer harassment named in the MHLW manual (カスタマーハラスメント対策企業マニュアル).
/// The numbers are stored; never renumber.
/// </summary>
public enum IncidentCategory
{
    /// <summary>暴言: abusive language.</summary>
    Abuse = 1,

    /// <summary>威嚇・脅迫: intimidation and threats.</summary>
    Threat = 2,

    /// <summary>時間拘束: keeping staff on the line for a long time.</summary>
    TimeBinding = 3,

    /// <summary>リピート: the same demand, again and again.</summary>
    Repeat = 4,

    /// <summary>権威: pulling rank, demanding a superior.</summary>
    Authority = 5,

    /// <summary>SNS・ネット: threats to post online.</summary>
    Online = 6,

    /// <summary>セクハラ: sexual harassment.</summary>
    SexualHarassment = 7,

    /// <summary>暴力: violence.</summary>
    Violence = 8,

    /// <summary>その他: anything else.</summary>
    Other = 9,
}

/// <summary>Labels and the stored form (comma-separated codes) of <see cref="IncidentCategory"/>.</summary>
public static class IncidentCategories
{
    public static readonly IReadOnlyList<IncidentCategory> All = Enum.GetValues<IncidentCategory>();

    public static string Japanese(IncidentCategory c) => c switch
    {
        IncidentCategory.Abuse => "暴言",
        IncidentCategory.Threat => "威嚇・脅迫",
        IncidentCategory.TimeBinding => "時間拘束",
        IncidentCategory.Repeat => "リピート",
        IncidentCategory.Authority => "権威",
        IncidentCategory.Online => "SNS・ネット",
        IncidentCategory.SexualHarassment => "セクハラ",
        IncidentCategory.Violence => "暴力",
        _ => "その他",
    };

    public static string English(IncidentCategory c) => c switch
    {
        IncidentCategory.Abuse => "Abusive language",
        IncidentCategory.Threat => "Intimidation / threats",
        IncidentCategory.TimeBinding => "Time binding",
        IncidentCategory.Repeat => "Repeated demands",
        IncidentCategory.Authority => "Pulling rank",
        IncidentCategory.Online => "Social media / online",
        IncidentCategory.SexualHarassment => "Sexual harassment",
        IncidentCategory.Violence => "Violence",
        _ => "Other",
    };

    /// <summary>The label in the current UI language: Japanese unless it is English.</summary>
    public static string Label(IncidentCategory c) =>
        System.Globalization.CultureInfo.CurrentUICulture.TwoLetterISOLanguageName == "en" ? English(c) : Japanese(c);

    /// <summary>"Abuse", "abuse", "1" or "暴言" to a category; null when it is none of them.</summary>
    public static IncidentCategory? Parse(string? value)
    {
        value = value?.Trim();
        if (string.IsNullOrEmpty(value)) return null;
        if (int.TryParse(value, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var n))
        {
            return Enum.IsDefined(typeof(IncidentCategory), n) ? (IncidentCategory)n : null;
        }

        if (Enum.TryParse<IncidentCategory>(value, ignoreCase: true, out var c) && Enum.IsDefined(c)) return c;
        return All.Cast<IncidentCategory?>().FirstOrDefault(x => Japanese(x!.Value) == value);
    }

    public static string Format(IEnumerable<IncidentCategory> categories) =>
        string.Join(',', categories.Distinct().Order().Select(c => ((int)c).ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public static IReadOnlyList<IncidentCategory> ParseStored(string? stored) =>
        (stored ?? "").Split(',', StringSplitOptions.RemoveEmptyEntries).Select(Parse).OfType<IncidentCategory>().Distinct().Order().ToList();
}
