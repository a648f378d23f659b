using System.Diagnostics;
using LocalAi.Speech.Benchmarks;
using LocalAi.Speech.Chatterbox;

#if DEBUG
Console.Error.WriteLine("warning: a Debug build; run with -c Release for figures worth recording.");
#endif

if (args.Length > 0 && args[0] == ServerMode.Name)
{
    return await ServerMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == ManagerMode.Name)
{
    return await ManagerMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == RouterMode.Name)
{
    return await RouterMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == BatchMode.Name)
{
    return await BatchMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == StreamMode.Name)
{
    return await StreamMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == BatchStepMode.Name)
{
    return await BatchStepMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == RouterStandIn.Name)
{
    return await RouterStandIn.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == FamilyMode.Name)
{
    return await FamilyMode.RunAsync(args[1..]);
}

if (args.Length > 0 && args[0] == CpuTuningMode.Name)
{
    return await CpuTuningMode.RunAsync(args[1..]);
}

if (args.Length == 0 || args[0] != "engine")
{
    Console.Error.WriteLine(EngineBenchOptions.Usage);
    Console.Error.WriteLine(ServerBenchOptions.Usage);
    Console.Error.WriteLine(CpuTuningMode.Usage);
    Console.Error.WriteLine(FamilyMode.Usage);
    Console.Error.WriteLine(ManagerMode.Usage);
    Console.Error.WriteLine(RouterMode.Usage);
    Console.Error.WriteLine(BatchMode.Usage);
    Console.Error.WriteLine(StreamMode.Usage);
    Console.Error.WriteLine(BatchStepMode.Usage);
    return 2;
}

EngineBenchOptions options;
try
{
    options = EngineBenchOptions.Parse(args[1..]);
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(EngineBenchOptions.Usage);
    return 2;
}

var log = Console.Out;
var machine = MachineInfo.Read();
log.WriteLine($"{machine.Cpu}, {machine.Cores} cores, {machine.MemoryGiB:F1} GiB, {machine.Os}, {machine.Dotnet}, ONNX Runtime {machine.OnnxRuntime}, load {machine.LoadAverage}");
var modelDirectory = ModelPreparation.Prepare(options, log);
var peakReset = PeakMemory.TryReset();

var loading = Stopwatch.StartNew();
using var model = ChatterboxModel.Load(new ChatterboxOptions
{
    ModelDirectory = modelDirectory,
    DTypes = GraphDTypes.Uniform(options.DType),
    IntraOpThreads = options.Threads,
});
var loadMs = loading.Elapsed.TotalMilliseconds;
log.WriteLine($"Loaded {options.DType.CliName()} in {loadMs:F0} ms ({model.Layers} layers, {model.Heads} heads, hidden {model.HiddenSize}); picking a voice that runs {options.Tokens} tokens:");

var voice = VoicePicker.Pick(model, options.Tokens, log);
log.WriteLine("Measuring the engine's stages ...");
var engine = EngineMeasurement.Run(model, loadMs, voice, options);
var peak = PeakMemory.PeakWorkingSetBytes();

log.WriteLine("Measuring the loop against bare session.Run calls ...");
OverheadFigures overhead;
using (var bare = new BareLoop(modelDirectory, options.DType, options.Threads))
{
    overhead = OverheadMeasurement.Run(model, bare, voice, options);
}

var report = new EngineReport(machine, options, engine, overhead, peak, peakReset);
var markdown = report.ToMarkdown();
log.WriteLine();
log.WriteLine(markdown);
if (options.MarkdownPath is { } path)
{
    File.WriteAllText(path, markdown);
    log.WriteLine($"Wrote {path}");
}

return 0;
