using System.Diagnostics;
using System.Globalization;
using LocalAi.ModelForge;

try
{
    var options = ForgeArguments.Parse(args);
    var watch = Stopwatch.StartNew();
    var model = Forge.Write(options);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"Forged {model.Profile.Name} model ({string.Join(",", model.DTypes.Select(d => d.CliName()))}) in {model.Directory} in {watch.Elapsed.TotalSeconds:F1} s"));
    return 0;
}
catch (FormatException e)
{
    Console.Error.WriteLine(e.Message);
    Console.Error.WriteLine(ForgeArguments.Usage);
    return 2;
}
