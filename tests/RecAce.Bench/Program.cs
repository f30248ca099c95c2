using System.Globalization;
using RecAce.Bench;

// Figures for the README: plain "name: value" lines first, then a markdown table of the same.
CultureInfo.DefaultThreadCurrentCulture = CultureInfo.InvariantCulture;
CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
// Transcription figures are a run of their own: `--transcription [--quick] [--search-calls N] [--search-db file]`.
if (args.Contains("--transcription")) return await TranscriptionBenchReport.RunAsync(args);
// Harassment scoring figures: `--signals [--quick]`.
if (args.Contains("--signals")) return await SignalAnalysisBench.RunAsync(args);
// The cost of muting in a disclosure export: `--disclosure [--quick]`.
if (args.Contains("--disclosure")) return await DisclosureMuteBench.RunAsync(args);
// The media benchmarks run with the host's GC settings (a second process when this one lacks them).
if ((args.Contains("--b2bua") || args.Contains("--siprec")) && await HostGcSettings.EnsureAsync(args) is { } exitCode) return exitCode;
// The in-line SIP recorder under load, with sipp: `--b2bua [--calls N] [--seconds S]`.
if (args.Contains("--b2bua")) return await B2buaRelayBench.RunAsync(args);
// The SIPREC recording server under load, with sipp: `--siprec [--calls N] [--seconds S]`.
if (args.Contains("--siprec")) return await SiprecRecorderBench.RunAsync(args);
// The RTP side of those two, started by them as a process of its own.
if (args is ["--rtp-load", var portsFile, var loadSeconds]) return RtpPeerProcess.RunLoad(portsFile, int.Parse(loadSeconds, CultureInfo.InvariantCulture));
if (args is ["--rtp-peer", ..]) return RtpPeerProcess.RunPeer(aligned: args.Contains("--aligned"));
var settings = BenchSettings.Parse(args);
Console.WriteLine($"RecAce bench ({(settings.Quick ? "quick" : "full")}): {Environment.ProcessorCount} cores, .NET {Environment.Version}, {System.Runtime.InteropServices.RuntimeInformation.OSDescription}");

// The integrity chain's figures alone: `--integrity [--quick]`.
if (args.Contains("--integrity"))
{
    await PrintIntegrityAsync(settings);
    return 0;
}

if (settings.OnlyCallList)
{
    await PrintCallListAsync(settings);
    return 0;
}

// A short untimed pass first, so the timed one runs tiered-up code.
await IntakeThroughputBench.RunAsync(calls: 50, seconds: 2);
var intake = await IntakeThroughputBench.RunAsync(settings.Calls, settings.CallSeconds);
Console.WriteLine($"intake.calls_simulated: {intake.Calls} two-leg G.711 calls x {intake.Seconds} s (1 % swapped, 0.5 % lost)");
Console.WriteLine($"intake.packets: {intake.Packets}");
Console.WriteLine($"intake.elapsed_s: {intake.Elapsed.TotalSeconds:0.000} (of which flush to OS {intake.FlushShare * 100:0.0} %, flush with fsync {intake.FsyncShare * 100:0.0} %)");
Console.WriteLine($"intake.packets_per_s_one_thread: {intake.PacketsPerSecond:0}");
Console.WriteLine($"intake.cpu_s: {intake.CpuTime.TotalSeconds:0.000} (process CPU time during the run; {intake.CallsPerCoreByCpu:0} calls per core by CPU time)");
Console.WriteLine($"intake.packets_per_s_between_flushes: {intake.PacketsPerSecondBetweenFlushes:0} ({intake.PacketsPerSecondBetweenFlushes / 100:0} calls per core on the packet path alone)");
Console.WriteLine($"intake.ns_per_packet: {intake.NanosecondsPerPacket:0}");
Console.WriteLine($"intake.bytes_allocated_per_packet: {intake.BytesPerPacket:0.0} (gen0 GCs: {intake.Gen0Collections})");
Console.WriteLine($"intake.realtime_calls_per_core: {intake.CallsPerCore:0} (floor 2000: {(intake.CallsPerCore >= 2000 ? "met" : "NOT met")})");

if (settings.SkipFinalize)
{
    await PrintCallListAsync(settings);
    return 0;
}

var finalize = await FinalizeOverheadBench.RunAsync(settings.FinalizeSeconds, settings.Rounds);
Console.WriteLine($"finalize.audio_s: {finalize.AudioSeconds} (two 8 kHz legs -> stereo Opus 32 kb/s), rounds: {finalize.Bare.Count}");
Console.WriteLine($"finalize.bare_ffmpeg_median_ms: {finalize.BareMedian.TotalMilliseconds:0}");
Console.WriteLine($"finalize.call_finalizer_median_ms: {finalize.FullMedian.TotalMilliseconds:0}");
Console.WriteLine($"finalize.overhead_pct: {finalize.Overhead * 100:0.0} (median of per-round ratios: {finalize.PairedOverhead * 100:0.0}; ceiling 15: {(finalize.Overhead <= 0.15 ? "met" : "NOT met")})");

Console.WriteLine();
Console.WriteLine("| figure | value |");
Console.WriteLine("|---|---|");
Console.WriteLine($"| decode + spool, packets/s on one thread | {intake.PacketsPerSecond:N0} |");
Console.WriteLine($"| real-time two-leg G.711 calls per core | {intake.CallsPerCore:N0} |");
Console.WriteLine($"| same, by process CPU time | {intake.CallsPerCoreByCpu:N0} |");
Console.WriteLine($"| same, packet path alone (time outside flushes) | {intake.PacketsPerSecondBetweenFlushes / 100:N0} |");
Console.WriteLine($"| allocated bytes per packet | {intake.BytesPerPacket:0.0} |");
Console.WriteLine($"| finalize {finalize.AudioSeconds} s call: bare ffmpeg (median) | {finalize.BareMedian.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| finalize {finalize.AudioSeconds} s call: CallFinalizer (median) | {finalize.FullMedian.TotalMilliseconds:N0} ms |");
Console.WriteLine($"| finalize overhead (b/a - 1) | {finalize.Overhead * 100:0.0} % |");
await PrintIntegrityAsync(settings);
await PrintCallListAsync(settings);
return 0;

static async Task PrintCallListAsync(BenchSettings settings)
{
    var list = await CallListBench.RunAsync(settings.ListRows, settings.ListIterations);
    Console.WriteLine();
    Console.WriteLine($"list.rows: {list.Rows} (filled in {list.FillTime.TotalSeconds:0.0} s)");
    foreach (var (name, p50, p95) in list.Scenarios) Console.WriteLine($"list.{name}: p50 {p50:0.0} ms, p95 {p95:0.0} ms");
    Console.WriteLine($"list.p95_ms: {list.OverallP95:0.0} (all scenarios; floor 150: {(list.OverallP95 <= 150 ? "met" : "NOT met")})");
}

static async Task PrintIntegrityAsync(BenchSettings settings)
{
    // About 4 KB/s of stereo Opus at 32 kb/s: 240 KB is one minute of call.
    var f = await IntegrityBench.RunAsync(settings.Quick ? 400 : 4000, 240);
    Console.WriteLine();
    Console.WriteLine($"integrity.calls: {f.Calls} (recordings of {f.FileKb} KB, about one minute each); verification intact: {f.Intact}");
    Console.WriteLine($"integrity.seal_ms_without_chain: {f.SealMsWithout:0.00}");
    Console.WriteLine($"integrity.seal_ms_with_chain: {f.SealMsWith:0.00} (ratio {f.SealMsWith / f.SealMsWithout:0.00})");
    Console.WriteLine($"integrity.verify_all_s: {f.Verify.TotalSeconds:0.00} ({f.Calls / f.Verify.TotalSeconds:0} calls/s)");
    Console.WriteLine($"integrity.bare_sha256_s: {f.BareHash.TotalSeconds:0.00} (verify / bare hashing: {f.Verify.TotalSeconds / f.BareHash.TotalSeconds:0.00})");
}
