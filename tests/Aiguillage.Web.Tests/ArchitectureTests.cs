using System.Runtime.InteropServices;
using System.Text.RegularExpressions;
using ArchUnitNET.Domain;
using ArchUnitNET.Loader;

namespace Aiguillage.Web.Tests;

/// <summary>
/// The wiring rule (ARCHITECTURE §3, docs/adr/0021): Features use Domain and Platform; Platform never names a feature;
/// areas do not depend on each other in a circle; the domain references no package. Dependencies are read from the
/// compiled code by ArchUnitNET (method bodies included), so a fully qualified name or a Razor view counts as much as a
/// <c>using</c>. Each rule also runs on a made-up breach, so that a rule that could no longer fail is seen.
/// </summary>
public sealed class ArchitectureTests
{
    private const string Features = "Aiguillage.Web.Features.";
    private const string Platform = "Aiguillage.Web.Platform";

    private static readonly Lazy<IReadOnlyList<Edge>> Edges = new(() =>
    {
        var architecture = new ArchLoader().LoadAssemblies(typeof(Program).Assembly).Build();
        return
        [
            .. architecture.Types
                .SelectMany(type => type.Dependencies.Select(d => new Edge(Name(type), Name(d.Target))))
                .Where(e => e.From != e.To)
                .Distinct(),
        ];
    });

    /// <summary>
    /// What the compiled code cannot show: a constant is copied into its user (Steering's « Counted » once tied three
    /// areas to Steering with no trace in the IL). The sources' <c>using</c> directives and qualified names
    /// (<c>Steering.SteeringCube.X</c>, <c>Features.Clients.Y</c>) of a type or folder another area declares count too.
    /// </summary>
    private static readonly Lazy<IReadOnlyList<Edge>> SourceEdges = new(() =>
    {
        var root = Path.Combine(RepositoryRoot(), "src", "Aiguillage.Web");
        var features = Path.Combine(root, "Features");
        var files = Directory.EnumerateFiles(root, "*.*", SearchOption.AllDirectories)
            .Where(f => (f.EndsWith(".cs", StringComparison.Ordinal) || f.EndsWith(".cshtml", StringComparison.Ordinal))
                && !f.Contains($"{Path.DirectorySeparatorChar}obj{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}bin{Path.DirectorySeparatorChar}", StringComparison.Ordinal)
                && !f.Contains($"{Path.DirectorySeparatorChar}Migrations{Path.DirectorySeparatorChar}", StringComparison.Ordinal))
            .ToList();
        var areas = Directory.GetDirectories(features).Select(Path.GetFileName).OfType<string>().ToList();
        var declared = areas.ToDictionary(a => a, a => Directory.EnumerateFiles(Path.Combine(features, a), "*.cs", SearchOption.AllDirectories)
            .SelectMany(f => Regex.Matches(File.ReadAllText(f), @"\b(?:class|record|enum|interface|struct)\s+([A-Z]\w*)").Select(m => m.Groups[1].Value))
            .Concat(Directory.GetDirectories(Path.Combine(features, a), "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>())
            .ToHashSet(StringComparer.Ordinal));
        var reference = new Regex(@"(?<![\w.])(?:Aiguillage\.Web\.)?(?:Features\.)?(" + string.Join("|", areas) + @")\.([A-Z]\w*)");
        var edges = new List<Edge>();
        foreach (var file in files)
        {
            var relative = Path.GetRelativePath(root, file).Replace(Path.DirectorySeparatorChar, '.');
            var from = "Aiguillage.Web." + relative[..relative.LastIndexOf('.')];
            var code = Regex.Replace(File.ReadAllText(file), @"""(?:[^""\\\n]|\\.)*""|//[^\n]*", string.Empty);
            foreach (Match m in Regex.Matches(code, @"using\s+Aiguillage\.Web\.Features\.(\w+)"))
            {
                edges.Add(new(from, $"{Features}{m.Groups[1].Value}.*"));
            }

            foreach (Match m in reference.Matches(code))
            {
                if (declared[m.Groups[1].Value].Contains(m.Groups[2].Value))
                {
                    edges.Add(new(from, $"{Features}{m.Groups[1].Value}.{m.Groups[2].Value}"));
                }
            }
        }

        return [.. edges.Distinct()];
    });

    [Fact]
    public void The_sources_are_read_too_for_what_the_compiler_copies()
    {
        // The scan sees what the compiled code holds too, and maps files to areas by their folder.
        Assert.Contains(SourceEdges.Value, e => e.From == "Aiguillage.Web.Features.Referrals.ReferralService" && e.To == "Aiguillage.Web.Features.Clients.*");
        Assert.Contains(SourceEdges.Value, e => e.From == "Aiguillage.Web.Program" && Area(e.To) == "Referrals");
    }

    [Fact]
    public void No_platform_type_depends_on_a_feature()
    {
        var breaches = PlatformBreaches(Edges.Value.Concat(SourceEdges.Value));
        Assert.True(breaches.Count == 0, "Platform names a feature:\n" + string.Join("\n", breaches));
    }

    [Fact]
    public void No_two_areas_depend_on_each_other_in_a_circle()
    {
        var graph = AreaGraph(Edges.Value.Concat(SourceEdges.Value));
        var cycles = Cycles(graph);
        Assert.True(cycles.Count == 0, "Areas in a circle:\n" + string.Join("\n", cycles.Select(c => string.Join(" → ", c) + " → " + c[0] + Because(graph, c))));
    }

    [Fact]
    public void The_domain_references_no_package_only_the_framework()
    {
        var domain = typeof(Aiguillage.Domain.DomainException).Assembly;
        var framework = RuntimeEnvironment.GetRuntimeDirectory();
        var outside = domain.GetReferencedAssemblies()
            .Select(System.Reflection.Assembly.Load)
            .Where(a => !Path.GetFullPath(a.Location).StartsWith(Path.GetFullPath(framework), StringComparison.Ordinal))
            .Select(a => a.GetName().Name)
            .ToList();
        Assert.True(outside.Count == 0, "The domain references: " + string.Join(", ", outside));

        var project = File.ReadAllText(Path.Combine(RepositoryRoot(), "src", "Aiguillage.Domain", "Aiguillage.Domain.csproj"));
        Assert.DoesNotContain("PackageReference", project, StringComparison.Ordinal);
        Assert.DoesNotContain("ProjectReference", project, StringComparison.Ordinal);
    }

    [Fact]
    public void Each_domain_folder_pairs_with_the_web_folder_of_the_same_name()
    {
        // A change to one capability stays in one folder of each side, and a reader guesses one from the other
        // (ARCHITECTURE §3): Features/<Area>, or Platform/<Folder> for what Platform serves (Audit, Territories).
        var root = RepositoryRoot();
        var web = Path.Combine(root, "src", "Aiguillage.Web");
        var unpaired = Directory.GetDirectories(Path.Combine(root, "src", "Aiguillage.Domain"))
            .Select(Path.GetFileName).OfType<string>()
            .Where(d => d is not ("bin" or "obj"))
            .Where(d => !Directory.Exists(Path.Combine(web, "Features", d)) && !Directory.Exists(Path.Combine(web, "Platform", d)))
            .ToList();
        Assert.True(unpaired.Count == 0, "Domain folders without a web folder of the same name: " + string.Join(", ", unpaired));
    }

    [Fact]
    public void Each_rule_fails_on_a_breach()
    {
        // Platform naming a feature, a type and a Razor view of two areas using each other, a longer circle.
        Edge[] breach =
        [
            new("Aiguillage.Web.Platform.Cli.CommandLine", "Aiguillage.Web.Features.Offices.OfficeImporter"),
            new("Aiguillage.Web.Features.Diagnostics.Run.DraftAccess", "Aiguillage.Web.Features.Clients.ClientRegistry"),
            new("Aiguillage.Web.Features.Clients.Features_Clients_ClientPage", "Aiguillage.Web.Features.Diagnostics.QuestionnaireCatalog"),
            new("Aiguillage.Web.Features.Referrals.ReferralService", "Aiguillage.Web.Features.Partners.PlaceFinder"),
            new("Aiguillage.Web.Features.Partners.Home", "Aiguillage.Web.Features.Steering.SteeringCube"),
            new("Aiguillage.Web.Features.Steering.SteeringCube", "Aiguillage.Web.Features.Referrals.ReferralOptions"),
            new("Aiguillage.Web.Features.Offices.OfficeLocator", "Aiguillage.Web.Platform.Data.AppDbContext"),
        ];

        Assert.Equal(["Aiguillage.Web.Platform.Cli.CommandLine → Aiguillage.Web.Features.Offices.OfficeImporter"], PlatformBreaches(breach));
        var cycles = Cycles(AreaGraph(breach)).Select(c => string.Join(" → ", c)).Order().ToList();
        Assert.Equal(["Clients → Diagnostics", "Partners → Steering → Referrals"], cycles);
        Assert.Empty(Cycles(AreaGraph(breach.Where(e => !e.From.Contains("Clients", StringComparison.Ordinal) && !e.From.Contains("Steering", StringComparison.Ordinal)).ToArray())));
    }

    [Fact]
    public void Razor_views_are_read_as_part_of_their_area()
    {
        // Views compile into their folder's namespace (Features_Referrals_ReferralPage in Features.Referrals): what a
        // view uses counts for its area, like its page model.
        Assert.Contains(Edges.Value, e => e.From == "Aiguillage.Web.Features.Referrals.Features_Referrals_ReferralPage");
        Assert.Equal("Referrals", Area("Aiguillage.Web.Features.Referrals.Features_Referrals_ReferralPage"));
        Assert.Equal("Referrals", Area("Aiguillage.Web.Features.Referrals.ReferralService+Row"));
        Assert.Null(Area("Aiguillage.Web.Features.Features__ViewImports"));
    }

    private static List<string> PlatformBreaches(IEnumerable<Edge> edges) =>
        [.. edges.Where(e => e.From.StartsWith(Platform, StringComparison.Ordinal) && Area(e.To) is not null).Select(e => $"{e.From} → {e.To}").Distinct().Order()];

    /// <summary>Area to areas it uses, each edge with the type pairs behind it (for the message).</summary>
    private static Dictionary<string, Dictionary<string, List<Edge>>> AreaGraph(IEnumerable<Edge> edges)
    {
        var graph = new Dictionary<string, Dictionary<string, List<Edge>>>(StringComparer.Ordinal);
        foreach (var edge in edges)
        {
            if (Area(edge.From) is { } from && Area(edge.To) is { } to && from != to)
            {
                var targets = graph.TryGetValue(from, out var t) ? t : graph[from] = new(StringComparer.Ordinal);
                (targets.TryGetValue(to, out var list) ? list : targets[to] = []).Add(edge);
            }
        }

        return graph;
    }

    /// <summary>Every strongly connected group of two or more areas (Tarjan), each as one circle through it.</summary>
    private static List<List<string>> Cycles(Dictionary<string, Dictionary<string, List<Edge>>> graph)
    {
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        var low = new Dictionary<string, int>(StringComparer.Ordinal);
        var stack = new Stack<string>();
        var groups = new List<List<string>>();
        var next = 0;

        void Visit(string node)
        {
            index[node] = low[node] = next++;
            stack.Push(node);
            foreach (var target in graph.TryGetValue(node, out var t) ? t.Keys.Order(StringComparer.Ordinal) : Enumerable.Empty<string>())
            {
                if (!index.TryGetValue(target, out var seen))
                {
                    Visit(target);
                    low[node] = Math.Min(low[node], low[target]);
                }
                else if (stack.Contains(target))
                {
                    low[node] = Math.Min(low[node], seen);
                }
            }

            if (low[node] == index[node])
            {
                var group = new List<string>();
                string member;
                do
                {
                    member = stack.Pop();
                    group.Add(member);
                }
                while (member != node);
                if (group.Count > 1)
                {
                    groups.Add(Circle(graph, [.. group]));
                }
            }
        }

        foreach (var node in graph.Keys.Order(StringComparer.Ordinal))
        {
            if (!index.ContainsKey(node))
            {
                Visit(node);
            }
        }

        return groups;
    }

    /// <summary>A shortest circle from the group's first area (by name) back to it, inside the group.</summary>
    private static List<string> Circle(Dictionary<string, Dictionary<string, List<Edge>>> graph, HashSet<string> group)
    {
        var start = group.Order(StringComparer.Ordinal).First();
        var previous = new Dictionary<string, string>(StringComparer.Ordinal);
        var queue = new Queue<string>([start]);
        while (queue.Count > 0)
        {
            var node = queue.Dequeue();
            foreach (var target in graph[node].Keys.Where(group.Contains).Order(StringComparer.Ordinal))
            {
                if (target == start)
                {
                    var path = new List<string> { node };
                    while (path[0] != start)
                    {
                        path.Insert(0, previous[path[0]]);
                    }

                    return path;
                }

                if (previous.TryAdd(target, node))
                {
                    queue.Enqueue(target);
                }
            }
        }

        return [.. group];
    }

    private static string Because(Dictionary<string, Dictionary<string, List<Edge>>> graph, List<string> circle)
    {
        var reasons = circle.Select((from, i) =>
        {
            var to = circle[(i + 1) % circle.Count];
            var examples = graph[from][to].Take(3).Select(e => $"{e.From} uses {e.To}");
            return $"\n    {from} → {to}: {string.Join("; ", examples)}";
        });
        return string.Concat(reasons);
    }

    /// <summary>The area a type belongs to: its namespace under Features (Razor views included, they compile into their folder's).</summary>
    private static string? Area(string type)
    {
        if (!type.StartsWith(Features, StringComparison.Ordinal))
        {
            return null;
        }

        var rest = type[Features.Length..];
        var dot = rest.IndexOf('.', StringComparison.Ordinal);
        return dot > 0 ? rest[..dot] : null;
    }

    private static string Name(IType type) => type.FullName.Split('`')[0];

    private static string RepositoryRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "Aiguillage.slnx")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("Aiguillage.slnx not found above " + AppContext.BaseDirectory);
    }

    private sealed record Edge(string From, string To);
}
