using Microsoft.Data.Sqlite;

namespace Aiguillage.Web.Platform.Data;

/// <summary>
/// Backups of the embedded SQLite database (issue 9 §7). A backup uses SQLite's online backup API, which copies a
/// consistent snapshot while the app goes on writing (https://www.sqlite.org/backup.html); the copy is checked
/// (<c>PRAGMA integrity_check</c>) and only then given its name. A restore checks the file first and refuses a damaged
/// one. PostgreSQL is backed up with its own tools (docs/operations.md).
/// </summary>
public static class SqliteBackup
{
    /// <summary>« ok », or what <c>PRAGMA integrity_check</c> found wrong (or why the file could not be read).</summary>
    public static string IntegrityCheck(string path)
    {
        if (!File.Exists(path))
        {
            return $"fichier introuvable : {path}";
        }

        try
        {
            using var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = path, Mode = SqliteOpenMode.ReadOnly, Pooling = false }.ToString());
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "PRAGMA integrity_check;";
            using var reader = command.ExecuteReader();
            var lines = new List<string>();
            while (reader.Read())
            {
                lines.Add(reader.GetString(0));
            }

            return string.Join("; ", lines);
        }
        catch (SqliteException e)
        {
            return $"illisible : {e.Message}";
        }
    }

    /// <summary>Copies the live database to <paramref name="destination"/> (which must not exist yet), checked.</summary>
    public static void Backup(string connectionString, string destination)
    {
        if (File.Exists(destination))
        {
            throw new IOException($"Le fichier existe déjà : {destination}");
        }

        var partial = destination + ".partiel";
        File.Delete(partial);
        try
        {
            using (var source = new SqliteConnection(connectionString))
            using (var target = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = partial, Pooling = false }.ToString()))
            {
                source.Open();
                target.Open();

                // Readers and writers of the app go on meanwhile; the backup restarts by itself if a write changes a
                // page it already copied, and ends on a snapshot of one moment.
                source.BackupDatabase(target);
                using var journal = target.CreateCommand();
                journal.CommandText = "PRAGMA journal_mode=DELETE;";   // one self-contained file
                journal.ExecuteNonQuery();
            }

            var check = IntegrityCheck(partial);
            if (check != "ok")
            {
                throw new InvalidDataException($"La copie n'est pas intègre : {check}");
            }

            File.Move(partial, destination);
        }
        finally
        {
            File.Delete(partial);
        }
    }

    /// <summary>
    /// Replaces the database file by a checked backup. The app must be stopped: the file is replaced whole, with its
    /// WAL and shared-memory files removed so no page of the old database survives.
    /// </summary>
    public static void Restore(string backup, string databasePath)
    {
        var check = IntegrityCheck(backup);
        if (check != "ok")
        {
            throw new InvalidDataException($"La sauvegarde n'est pas intègre, rien n'est restauré : {check}");
        }

        SqliteConnection.ClearAllPools();
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(databasePath))!);
        var incoming = databasePath + ".restauration";
        File.Copy(backup, incoming, overwrite: true);
        File.Delete(databasePath + "-wal");
        File.Delete(databasePath + "-shm");
        File.Move(incoming, databasePath, overwrite: true);
    }
}
