using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using Npgsql;

namespace Aiguillage.Testing.Replication;

/// <summary>
/// PostgreSQL's own programs on this machine (Debian's <c>postgresql</c> package: /usr/lib/postgresql/N/bin), used to
/// start throw-away servers on localhost — a primary, its streaming standby — without touching the machine's own
/// cluster. Nothing is installed: CI already has the package.
/// </summary>
public static class PostgresBinaries
{
    public const string Missing = "Programmes PostgreSQL absents (/usr/lib/postgresql/*/bin/initdb) : installez le paquet postgresql pour lancer ce test.";

    /// <summary>The newest installed version's bin folder, or null.</summary>
    public static string? Folder { get; } = Find();

    /// <summary>PostgreSQL refuses to run as root: as root, each program runs as the <c>postgres</c> account.</summary>
    public static bool AsRoot { get; } = Environment.UserName == "root";

    private static string? Find()
    {
        if (Environment.GetEnvironmentVariable("AIGUILLAGE_TEST_PG_BIN") is { Length: > 0 } configured)
        {
            return File.Exists(Path.Combine(configured, "initdb")) ? configured : null;
        }

        if (!Directory.Exists("/usr/lib/postgresql"))
        {
            return null;
        }

        return Directory.GetDirectories("/usr/lib/postgresql")
            .Select(d => (Dir: Path.Combine(d, "bin"), Version: int.TryParse(Path.GetFileName(d), out var v) ? v : 0))
            .Where(d => File.Exists(Path.Combine(d.Dir, "initdb")))
            .OrderByDescending(d => d.Version)
            .Select(d => d.Dir)
            .FirstOrDefault();
    }

    /// <summary>Runs one of PostgreSQL's programs (or another, by its path) to its end, as the postgres account; throws with its output when it fails.</summary>
    public static async Task<string> RunAsync(string program, params string[] arguments)
    {
        var folder = Folder ?? throw new InvalidOperationException(Missing);
        var path = program.Contains('/', StringComparison.Ordinal) ? program : Path.Combine(folder, program);
        var info = new ProcessStartInfo(AsRoot ? "runuser" : path)
        {
            RedirectStandardInput = true,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = "/tmp",
        };
        if (AsRoot)
        {
            foreach (var a in new[] { "-u", "postgres", "--", path })
            {
                info.ArgumentList.Add(a);
            }
        }

        foreach (var a in arguments)
        {
            info.ArgumentList.Add(a);
        }

        using var process = Process.Start(info)!;
        process.StandardInput.Close();
        var output = process.StandardOutput.ReadToEndAsync();
        var error = process.StandardError.ReadToEndAsync();
        // A bound so that a stuck program fails the test with its output instead of hanging the run.
        using var bound = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(bound.Token);
        var text = await output + await error;
        if (process.ExitCode != 0)
        {
            var log = arguments.SkipWhile(a => a != "-l").Skip(1).FirstOrDefault();
            var tail = log is not null && File.Exists(log) ? string.Join('\n', File.ReadLines(log).TakeLast(10)) : string.Empty;
            throw new InvalidOperationException($"{program} {string.Join(' ', arguments)} exited with {process.ExitCode}: {text}{tail}");
        }

        return text;
    }

    /// <summary>A folder the <c>postgres</c> account owns (as root), created empty, readable by it only (PostgreSQL requires 0700 on a data folder).</summary>
        public static string NewFolder(string path)
    {
        Directory.CreateDirectory(path);
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        if (AsRoot)
        {
            using var chown = Process.Start("chown", ["postgres:postgres", path])!;
            chown.WaitForExit();
        }

        return path;
    }

    public static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>
/// One PostgreSQL server on localhost, in a data folder of its own: initialised as a primary (streaming replication
/// and WAL archiving on), or cloned from one as a standby with <c>pg_basebackup -R</c>; killed with SIGKILL like a
/// machine that dies, promoted, rewound with <c>pg_rewind</c> to follow the new primary. The same steps as
/// docs/operations.md, run by the tests and by <c>bench/… failover</c>.
/// </summary>
public sealed class PostgresServer
{
    private PostgresServer(string name, string dataDirectory, string archiveDirectory, int port)
    {
        Name = name;
        DataDirectory = dataDirectory;
        ArchiveDirectory = archiveDirectory;
        Port = port;
    }

    /// <summary>Its name, also its <c>cluster_name</c>: the application name its WAL receiver gives the primary.</summary>
    public string Name { get; }

    public string DataDirectory { get; }

    /// <summary>Where the primary's <c>archive_command</c> copies finished WAL segments (shared by the pair).</summary>
    public string ArchiveDirectory { get; }

    public int Port { get; }

    /// <summary>The server's log, beside its data folder (a base backup would copy it otherwise).</summary>
    public string LogFile => DataDirectory + ".log";

    public string HostAndPort => $"127.0.0.1:{Port}";

    public string ConnectionString(string database = "postgres") =>
        new NpgsqlConnectionStringBuilder { Host = "127.0.0.1", Port = Port, Username = "postgres", Database = database, Pooling = false, Timeout = 5 }.ConnectionString;

    /// <summary>
    /// A new primary in <paramref name="root"/>/<paramref name="name"/>. Settings as in docs/operations.md: replicas
    /// may stream (<c>wal_level=replica</c>), <c>wal_log_hints</c> lets <c>pg_rewind</c> rewind it after a failover,
    /// finished WAL is archived for point-in-time restores. Trust authentication on 127.0.0.1 only: a test server.
    /// </summary>
    public static async Task<PostgresServer> InitPrimaryAsync(string root, string name)
    {
        var archive = PostgresBinaries.NewFolder(Path.Combine(root, "archive"));
        var server = new PostgresServer(name, Path.Combine(root, name), archive, PostgresBinaries.FreePort());
        PostgresBinaries.NewFolder(server.DataDirectory);
        await PostgresBinaries.RunAsync("initdb", "-D", server.DataDirectory, "-U", "postgres", "--auth=trust", "-E", "UTF8", "--locale=C.UTF-8");
        await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.conf"), $"""

            # Aiguillage's test pair (tests/Aiguillage.Testing/Replication), as in docs/operations.md.
            listen_addresses = '127.0.0.1'
            unix_socket_directories = ''
            shared_buffers = 32MB
            max_connections = 120
            wal_level = replica
            max_wal_senders = 5
            wal_keep_size = 256MB
            wal_log_hints = on
            hot_standby = on
            hot_standby_feedback = on
            synchronous_commit = on
            archive_mode = on
            archive_command = 'test ! -f {archive}/%f && cp %p {archive}/%f'
            restore_command = 'cp {archive}/%f %p'
            """);
        await server.StartAsync();
        return server;
    }

    /// <summary>A streaming standby of this primary: a base backup with <c>-R</c> (standby.signal and primary_conninfo).</summary>
    public async Task<PostgresServer> CloneStandbyAsync(string name)
    {
        var standby = new PostgresServer(name, Path.Combine(Path.GetDirectoryName(DataDirectory)!, name), ArchiveDirectory, PostgresBinaries.FreePort());
        PostgresBinaries.NewFolder(standby.DataDirectory);
        await PostgresBinaries.RunAsync("pg_basebackup", "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres", "-D", standby.DataDirectory, "-R", "-X", "stream", "-c", "fast");
        await standby.StartAsync();
        return standby;
    }

    /// <summary>
    /// Starts the server and waits until it accepts connections. Port and name are given on the command line, so
    /// that the configuration files <c>pg_basebackup</c> and <c>pg_rewind</c> copy from the other server never
    /// give this one the other's port.
    /// </summary>
    public async Task StartAsync(string? options = null)
    {
        await PostgresBinaries.RunAsync("pg_ctl", "-D", DataDirectory, "-l", LogFile, "-w", "-t", "120",
            "-o", $"-p {Port} -c cluster_name={Name} {options}", "start");
    }

    /// <summary>A base backup of this server into <paramref name="folder"/> (its WAL included: it restores on its own).</summary>
    public async Task BaseBackupAsync(string folder)
    {
        PostgresBinaries.NewFolder(folder);
        await PostgresBinaries.RunAsync("pg_basebackup", "-h", "127.0.0.1", "-p", $"{Port}", "-U", "postgres", "-D", folder, "-X", "stream", "-c", "fast");
    }

    /// <summary>Forces the current WAL segment into the archive and waits until it is there.</summary>
    public async Task ArchiveCurrentWalAsync()
    {
        var segment = await ScalarAsync<string>("SELECT pg_walfile_name(pg_current_wal_lsn())");
        await ExecuteAsync("SELECT pg_switch_wal()");
        await WaitUntilAsync(async () => string.CompareOrdinal(await ScalarAsync<string>("SELECT last_archived_wal FROM pg_stat_archiver"), segment) >= 0,
            $"{segment} was not archived: {LogTail()}");
    }

    /// <summary>
    /// A point-in-time restore, as docs/operations.md gives it: a copy of the base backup, <c>recovery.signal</c>, the
    /// archive as <c>restore_command</c> and <c>recovery_target_time</c>; started, it replays the archived WAL up to that
    /// moment and opens for writes. It archives nothing itself (the source still does).
    /// </summary>
    public static async Task<PostgresServer> RestoreAsync(string backup, string archive, string name, string targetTime)
    {
        var server = new PostgresServer(name, Path.Combine(Path.GetDirectoryName(backup)!, name), archive, PostgresBinaries.FreePort());
        await PostgresBinaries.RunAsync("/bin/cp", "-a", backup, server.DataDirectory);
        await File.WriteAllTextAsync(Path.Combine(server.DataDirectory, "recovery.signal"), string.Empty);
        await File.AppendAllTextAsync(Path.Combine(server.DataDirectory, "postgresql.auto.conf"), $"""

            restore_command = 'cp {archive}/%f %p'
            recovery_target_time = '{targetTime}'
            recovery_target_action = 'promote'
            """);
        await server.StartAsync("-c archive_mode=off");
        await WaitUntilAsync(async () => !await server.ScalarAsync<bool>("SELECT pg_is_in_recovery()"), $"{name} did not finish its recovery: {server.LogTail()}");
        return server;
    }

    /// <summary>SIGKILL to the server and every process it started, at once: the machine is gone, nothing is flushed.</summary>
    public async Task KillAsync()
    {
        var pidFile = Path.Combine(DataDirectory, "postmaster.pid");
        if (!File.Exists(pidFile))
        {
            return;
        }

        var pid = int.Parse((await File.ReadAllLinesAsync(pidFile))[0], System.Globalization.CultureInfo.InvariantCulture);
        // Each of PostgreSQL's processes is in a session of its own: the postmaster is frozen first so that it starts
        // no new one, then it and all its children are killed at once, and waited for — a child still attached to
        // the shared memory would keep the next start (or pg_rewind's recovery) out.
        if (!Alive(pid))
        {
            return;
        }

        await SignalAsync("-STOP", [pid]);
        var processes = new List<int> { pid };
        foreach (var stat in Directory.GetDirectories("/proc").Select(Path.GetFileName).Where(n => n!.All(char.IsAsciiDigit)))
        {
            try
            {
                var text = await File.ReadAllTextAsync($"/proc/{stat}/stat");
                var fields = text[(text.LastIndexOf(')') + 2)..].Split(' ');
                if (int.Parse(fields[1], System.Globalization.CultureInfo.InvariantCulture) == pid)
                {
                    processes.Add(int.Parse(stat!, System.Globalization.CultureInfo.InvariantCulture));
                }
            }
            catch (IOException)
            {
                // The process ended while being read.
            }
        }

        await SignalAsync("-KILL", processes);
        while (processes.Any(Alive))
        {
            await Task.Delay(20);
        }

        // The dead postmaster may linger as a zombie until its new parent reaps it, and PostgreSQL takes a lock file
        // naming a process that still exists for a live server's: the file is stale (as after a machine's reboot).
        File.Delete(pidFile);
    }

    /// <summary>True while the process exists and is not a zombie waiting for its parent.</summary>
    private static bool Alive(int pid)
    {
        try
        {
            var text = File.ReadAllText($"/proc/{pid}/stat");
            return text[(text.LastIndexOf(')') + 2)..][0] != 'Z';
        }
        catch (IOException)
        {
            return false;
        }
    }

    private static async Task SignalAsync(string signal, IEnumerable<int> pids)
    {
        using var kill = Process.Start("kill", [signal, "--", .. pids.Select(p => p.ToString(System.Globalization.CultureInfo.InvariantCulture))])!;
        await kill.WaitForExitAsync();
    }

    public Task StopAsync() => File.Exists(Path.Combine(DataDirectory, "postmaster.pid"))
        ? PostgresBinaries.RunAsync("pg_ctl", "-D", DataDirectory, "-w", "-m", "fast", "stop")
        : Task.CompletedTask;

    /// <summary>
    /// Promotes this standby and makes it stop waiting for a synchronous standby: it has none until the old primary is
    /// re-attached, and a primary that waits for a missing standby accepts no write (docs/operations.md).
    /// </summary>
    public async Task PromoteAsync()
    {
        await PostgresBinaries.RunAsync("pg_ctl", "-D", DataDirectory, "-w", "-t", "120", "promote");
        await ExecuteAsync("ALTER SYSTEM RESET synchronous_standby_names; SELECT pg_reload_conf();");
        // Until its first checkpoint the new primary's control file still names the old timeline, and pg_rewind
        // (before PostgreSQL 16) reads it there and concludes « no rewind required »: the old primary would then fail to follow.
        await ExecuteAsync("CHECKPOINT");
    }

    /// <summary>
    /// Turns this old (killed) primary into a standby of <paramref name="primary"/>: <c>pg_rewind</c> runs its crash
    /// recovery, throws away what the new primary never had, and <c>-R</c> points it at the new primary.
    /// </summary>
    public async Task RewindAsStandbyOfAsync(PostgresServer primary)
    {
        // --restore-target-wal: WAL this server recycled is read back from the archive.
        try
        {
            await PostgresBinaries.RunAsync("pg_rewind", "-D", DataDirectory, "-R", "--restore-target-wal",
                $"--source-server=host=127.0.0.1 port={primary.Port} user=postgres dbname=postgres");
        }
        catch (InvalidOperationException e)
        {
            // pg_rewind does not show what its crash recovery said: run it again to tell.
            string recovery;
            try
            {
                recovery = await PostgresBinaries.RunAsync("postgres", "--single", "-F", "-D", DataDirectory, "template1");
            }
            catch (InvalidOperationException again)
            {
                recovery = again.Message;
            }

            throw new InvalidOperationException(e.Message + "\nCrash recovery: " + recovery, e);
        }
        await StartAsync();
    }

    /// <summary>Makes <paramref name="standby"/> this primary's synchronous standby and waits until it is.</summary>
    public async Task RequireSynchronousStandbyAsync(PostgresServer standby)
    {
        // Only once it streams: a primary told to wait for a standby that is not there yet stops acknowledging writes.
        await WaitUntilAsync(async () => await ScalarAsync<string>($"SELECT state FROM pg_stat_replication WHERE application_name = '{standby.Name}'") == "streaming",
            $"{standby.Name} does not stream from {Name}: {standby.LogTail()}");
        await ExecuteAsync($"ALTER SYSTEM SET synchronous_standby_names = '\"{standby.Name}\"'; SELECT pg_reload_conf();");
        await WaitUntilAsync(async () => await ScalarAsync<string>($"SELECT sync_state FROM pg_stat_replication WHERE application_name = '{standby.Name}'") == "sync",
            $"{standby.Name} did not become {Name}'s synchronous standby");
    }

    /// <summary>Waits until this standby has replayed everything <paramref name="primary"/> has written so far.</summary>
    public async Task WaitCaughtUpWithAsync(PostgresServer primary)
    {
        var lsn = await primary.ScalarAsync<string>("SELECT pg_current_wal_lsn()::text");
        await WaitUntilAsync(async () => await ScalarAsync<bool>($"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn"), $"{Name} did not catch up with {primary.Name}");
    }

    /// <summary>The last lines of the server's log, for a failure message.</summary>
    public string LogTail(int lines = 15) => File.Exists(LogFile) ? string.Join('\n', File.ReadLines(LogFile).TakeLast(lines)) : "(no log)";

    public async Task<T?> ScalarAsync<T>(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        var value = await command.ExecuteScalarAsync();
        return value is null or DBNull ? default : (T)value;
    }

    public async Task ExecuteAsync(string sql, string database = "postgres")
    {
        await using var connection = new NpgsqlConnection(ConnectionString(database));
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    /// <summary>Polls a condition; the bound only turns a hang into a failure with a message.</summary>
    public static async Task WaitUntilAsync(Func<Task<bool>> condition, string failure, int seconds = 120)
    {
        var watch = Stopwatch.StartNew();
        while (true)
        {
            try
            {
                if (await condition())
                {
                    return;
                }
            }
            catch (NpgsqlException) when (watch.Elapsed < TimeSpan.FromSeconds(seconds))
            {
            }

            if (watch.Elapsed > TimeSpan.FromSeconds(seconds))
            {
                throw new TimeoutException(failure);
            }

            await Task.Delay(50);
        }
    }
}
