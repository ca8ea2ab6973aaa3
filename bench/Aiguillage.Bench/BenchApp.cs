using System.Diagnostics;

/// <summary>
/// The real app as a process (its Release build), for the benchmarks that start, kill and sign in to it: the crash,
/// failover and sign-in timing benchmarks. Production settings, no demo data; each benchmark adds its own settings.
/// </summary>
internal static class BenchApp
{
    public static Process Start(string dll, string web, IReadOnlyDictionary<string, string> environment, IEnumerable<string> arguments, Action<string?>? output = null)
    {
        var info = new ProcessStartInfo("dotnet") { WorkingDirectory = web, RedirectStandardInput = true, RedirectStandardOutput = true, RedirectStandardError = true };
        info.ArgumentList.Add(dll);
        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        info.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";
        info.Environment["Demo__Seed"] = "false";
        foreach (var (key, value) in environment)
        {
            info.Environment[key] = value;
        }

        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => output?.Invoke(e.Data);
        process.ErrorDataReceived += (_, e) => output?.Invoke(e.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return process;
    }
}
