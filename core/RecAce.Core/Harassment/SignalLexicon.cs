using System.Globalization;
using System.Text;

namespace RecAce.Core.Harassment;

/// <summary>Threatening and abusive phrases, each with the category it suggests, matched against the outside party's transcript.</summary>
public sealed class SignalLexicon
{
    /// <summary>The defaults, drawn from the kinds of words the MHLW manual lists.</summary>
    public static readonly IReadOnlyDictionary<string, IncidentCategory> Defaults = new Dictionary<string, IncidentCategory>(StringComparer.Ordinal)
    {
        ["殺す"] = IncidentCategory.Threat,
        ["殺すぞ"] = IncidentCategory.Threat,
        ["ぶっ殺"] = IncidentCategory.Threat,
        ["死ね"] = IncidentCategory.Abuse,
        ["家に行く"] = IncidentCategory.Threat,
        ["覚えとけ"] = IncidentCategory.Threat,
        ["覚えておけ"] = IncidentCategory.Threat,
        ["夜道に気をつけ"] = IncidentCategory.Threat,
        ["訴える"] = IncidentCategory.Threat,
        ["ただじゃおかない"] = IncidentCategory.Threat,
        ["殴る"] = IncidentCategory.Violence,
        ["ぶん殴"] = IncidentCategory.Violence,
        ["火をつけ"] = IncidentCategory.Violence,
        ["ネットに晒す"] = IncidentCategory.Online,
        ["ネットに書く"] = IncidentCategory.Online,
        ["SNSに書く"] = IncidentCategory.Online,
        ["SNSに上げる"] = IncidentCategory.Online,
        ["拡散する"] = IncidentCategory.Online,
        ["名前を晒す"] = IncidentCategory.Online,
        ["土下座"] = IncidentCategory.Abuse,
        ["馬鹿"] = IncidentCategory.Abuse,
        ["バカ"] = IncidentCategory.Abuse,
        ["ふざけるな"] = IncidentCategory.Abuse,
        ["ふざけんな"] = IncidentCategory.Abuse,
        ["税金泥棒"] = IncidentCategory.Abuse,
        ["給料泥棒"] = IncidentCategory.Abuse,
        ["無能"] = IncidentCategory.Abuse,
        ["クズ"] = IncidentCategory.Abuse,
        ["上を出せ"] = IncidentCategory.Authority,
        ["責任者を出せ"] = IncidentCategory.Authority,
        ["市長を出せ"] = IncidentCategory.Authority,
        ["議員に言う"] = IncidentCategory.Authority,
        ["お前じゃ話にならない"] = IncidentCategory.Authority,
        ["何回言わせる"] = IncidentCategory.Repeat,
        ["誠意を見せろ"] = IncidentCategory.Other,
        ["帰さない"] = IncidentCategory.TimeBinding,
        ["電話を切るな"] = IncidentCategory.TimeBinding,
        ["スリーサイズ"] = IncidentCategory.SexualHarassment,
        ["彼氏いるの"] = IncidentCategory.SexualHarassment,
    };

    private readonly List<(string Phrase, string Normalized, IncidentCategory Category)> _entries;

    public SignalLexicon(IReadOnlyDictionary<string, string>? configured)
    {
        var map = new Dictionary<string, IncidentCategory>(Defaults, StringComparer.Ordinal);
        foreach (var (phrase, category) in configured ?? new Dictionary<string, string>())
        {
            if (string.IsNullOrWhiteSpace(phrase)) continue;
            if (string.IsNullOrWhiteSpace(category))
            {
                map.Remove(phrase.Trim());
                continue;
            }

            map[phrase.Trim()] = IncidentCategories.Parse(category)
                ?? throw new ArgumentException($"RecAce:Signals:Lexicon: \"{phrase}\" names an unknown category \"{category}\" (use one of {string.Join(", ", IncidentCategories.All)}).");
        }

        _entries = map.Select(kv => (kv.Key, Normalize(kv.Key), kv.Value)).Where(e => e.Item2.Length > 0).OrderByDescending(e => e.Item2.Length).ToList();
    }

    public int Count => _entries.Count;

    /// <summary>The distinct phrases found in <paramref name="text"/>; a phrase inside a longer found phrase is not counted again.</summary>
    public IReadOnlyList<(string Phrase, IncidentCategory Category)> Find(string text)
    {
        var normalized = Normalize(text);
        var found = new List<(string Phrase, string Normalized, IncidentCategory Category)>();
        foreach (var e in _entries)
        {
            if (normalized.Contains(e.Normalized, StringComparison.Ordinal) && !found.Any(f => f.Normalized.Contains(e.Normalized, StringComparison.Ordinal)))
            {
                found.Add(e);
            }
        }

        return found.Select(f => (f.Phrase, f.Category)).ToList();
    }

    /// <summary>NFKC (full-width letters, half-width kana), lower case, no spaces or punctuation: Whisper writes the same words many ways.</summary>
    internal static string Normalize(string text)
    {
        var s = text.Normalize(NormalizationForm.FormKC).ToLowerInvariant();
        var b = new StringBuilder(s.Length);
        foreach (var ch in s)
        {
            var cat = char.GetUnicodeCategory(ch);
            if (char.IsWhiteSpace(ch) || cat is UnicodeCategory.OtherPunctuation or UnicodeCategory.DashPunctuation or UnicodeCategory.OpenPunctuation or UnicodeCategory.ClosePunctuation or UnicodeCategory.InitialQuotePunctuation or UnicodeCategory.FinalQuotePunctuation) continue;
            b.Append(ch);
        }

        return b.ToString();
    }
}
