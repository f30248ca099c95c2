using RecAce.Data.Integrity;

namespace RecAce.Core.Evidence.Packages;

/// <summary>Builds the chain proof of a sealed recording, signing a new checkpoint when none covers it yet.</summary>
public sealed class ChainProofs
{
    private readonly IntegrityChain _chain;
    private readonly ChainCheckpoints _checkpoints;

    public ChainProofs(IntegrityChain chain, ChainCheckpoints checkpoints)
    {
        _chain = chain;
        _checkpoints = checkpoints;
    }

    /// <exception cref="InvalidOperationException">The call's recording is not (or no longer) sealed in the chain.</exception>
    public async Task<ChainProof> ForCallAsync(Guid callId, CancellationToken ct)
    {
        var entry = await _chain.LatestForAsync(callId, ct);
        if (entry is null || ChainEntryKind.IsDeletion(entry.Kind)) throw new InvalidOperationException($"call {callId} has no sealed recording in the integrity chain");
        var checkpoint = await _checkpoints.CoveringAsync(entry.Sequence, ct)
            ?? throw new InvalidOperationException("the integrity chain has no checkpoint");
        var entries = await _chain.RangeAsync(entry.Sequence, checkpoint.Sequence, ct);
        return new ChainProof(ChainProof.CurrentFormat, callId, entries.Select(ProofEntry.From).ToList(), ProofCheckpoint.From(checkpoint));
    }
}
