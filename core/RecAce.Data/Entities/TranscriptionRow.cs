using LinqToDB.Mapping;

namespace RecAce.Data.Entities;

/// <summary>Where a call's transcription is; one row per call once it has been queued.</summary>
[Table("transcriptions")]
public sealed class TranscriptionRow
{
    [PrimaryKey, Column("call_id")] public Guid CallId { get; set; }
    [Column("status")] public TranscriptionStatus Status { get; set; }
    [Column("attempts")] public int Attempts { get; set; }
    [Column("error")] public string? Error { get; set; }
    /// <summary>The model file name that produced the transcript.</summary>
    [Column("model")] public string? Model { get; set; }
    [Column("language")] public string? Language { get; set; }
    /// <summary>Audio length of both channels together, in milliseconds.</summary>
    [Column("audio_ms")] public long? AudioMs { get; set; }
    /// <summary>What voice activity detection kept for Whisper, in milliseconds.</summary>
    [Column("speech_ms")] public long? SpeechMs { get; set; }
    [Column("updated_at")] public long UpdatedAtMs { get; set; }
}

/// <summary>A call's transcription progress, shown as a status column in the admin.</summary>
public enum TranscriptionStatus
{
    /// <summary>Queued; also while no speech model is installed.</summary>
    Queued = 0,

    /// <summary>A worker is transcribing it now.</summary>
    Running = 1,

    /// <summary>Segments are stored and searchable.</summary>
    Done = 2,

    /// <summary>The last attempt failed; a retry is scheduled with back-off.</summary>
    Failed = 3,

    /// <summary>Waiting because no speech model is installed.</summary>
    WaitingForModel = 4,
}
