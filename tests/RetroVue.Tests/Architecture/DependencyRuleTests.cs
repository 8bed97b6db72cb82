using System.Xml.Linq;
using RetroVue.Tests.Support;

namespace RetroVue.Tests.Architecture;

/// <summary>Dependencies point inward: Web/Cli -> App/Adapters -> Domain.</summary>
public sealed class DependencyRuleTests
{
    private static readonly string[] InfrastructurePrefixes =
        ["Microsoft.EntityFrameworkCore", "Npgsql", "Microsoft.AspNetCore", "Hangfire", "Serilog", "System.CommandLine", "Spectre", "Polly", "YamlDotNet"];

    [Fact]
    public void Domain_references_no_other_project_and_no_package()
    {
        var project = LoadProject("RetroVue.Domain");
        Assert.Empty(project.Descendants("ProjectReference"));
        Assert.Empty(project.Descendants("PackageReference"));
        Assert.Empty(project.Descendants("FrameworkReference"));
    }

    [Fact]
    public void Domain_assembly_loads_no_infrastructure()
    {
        var referenced = typeof(global::RetroVue.Domain.Library.Asset).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        var offending = referenced.Where(name => InfrastructurePrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal))).ToList();
        Assert.True(offending.Count == 0, $"Domain references {string.Join(", ", offending)}");
        Assert.DoesNotContain(referenced, name => name.StartsWith("RetroVue.", StringComparison.Ordinal));
    }

    [Fact]
    public void App_references_only_the_domain_among_projects()
    {
        var references = ProjectReferences("RetroVue.App");
        Assert.Equal(["RetroVue.Domain"], references);
        var assemblies = typeof(global::RetroVue.App.Ingest.ImporterRegistry).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.DoesNotContain(assemblies, name => name is "RetroVue.Adapters" or "RetroVue.Web" or "retrovue");
        Assert.DoesNotContain(assemblies, name => name.StartsWith("Npgsql", StringComparison.Ordinal) || name.StartsWith("Microsoft.AspNetCore", StringComparison.Ordinal));
    }

    [Fact]
    public void Adapters_do_not_reference_the_hosts()
    {
        var references = ProjectReferences("RetroVue.Adapters");
        Assert.DoesNotContain("RetroVue.Web", references);
        Assert.DoesNotContain("RetroVue.Cli", references);
    }

    [Fact]
    public void Web_does_not_reference_the_cli()
    {
        Assert.DoesNotContain("RetroVue.Cli", ProjectReferences("RetroVue.Web"));
    }

    private static List<string> ProjectReferences(string project) =>
        LoadProject(project).Descendants("ProjectReference")
            .Select(r => Path.GetFileNameWithoutExtension(r.Attribute("Include")!.Value.Replace('\\', '/')))
            .Order(StringComparer.Ordinal)
            .ToList();

    private static XDocument LoadProject(string name) => XDocument.Load(Path.Combine(RepositoryRoot.Path, "src", name, name + ".csproj"));
}
