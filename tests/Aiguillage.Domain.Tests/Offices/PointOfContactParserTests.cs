using Aiguillage.Domain.Offices;

namespace Aiguillage.Domain.Tests.Offices;

public sealed class PointOfContactParserTests
{
    private static readonly Dictionary<string, string> Regions = new() { ["42"] = "84", ["09"] = "76", ["06"] = "93", ["32"] = "76" };

    /// <summary>A real line of the La Poste file (Saint-Étienne Grand Poste), overridable field by field.</summary>
    private static Dictionary<string, string> Line(params (string Column, string Value)[] changes)
    {
        var values = "07933A,SAINT ETIENNE GRAND POSTE,Bureau de Poste,,8 TER AVENUE DE LA LIBERATION,,,42000,ST ETIENNE,42218,FRANCE,45.437099,4.390958,3631".Split(',');
        var line = PointOfContactParser.Columns.Zip(values).ToDictionary(p => p.First, p => p.Second);
        foreach (var (column, value) in changes)
        {
            line[column] = value;
        }

        return line;
    }

    private static (PointOfContact? Value, IReadOnlyList<FieldError> Errors) Parse(Dictionary<string, string> line) =>
        PointOfContactParser.Parse(line, d => Regions.GetValueOrDefault(d));

    [Fact]
    public void A_real_line_gives_an_office_with_its_department_and_region()
    {
        var (poc, errors) = Parse(Line());
        Assert.Empty(errors);
        Assert.Equal(("07933A", OfficeType.BureauDePoste, "42", "84"), (poc!.SiteCode, poc.Type, poc.DepartmentCode, poc.RegionCode));
        Assert.Equal(45.437099, poc.Latitude);
        Assert.Null(poc.ParentSiteCode);
    }

    [Theory]
    [InlineData("identifiant_a", "7933A", "n'est pas un code site")]
    [InlineData("identifiant_a", "", "valeur manquante")]
    [InlineData("caracteristique_du_site", "Kiosque", "type de site inconnu")]
    [InlineData("code_postal", "4200", "5 chiffres")]
    [InlineData("code_insee", "4221A", "n'est pas un code commune")]
    [InlineData("code_insee", "99999", "département 99")]
    [InlineData("latitude", "45,43", "n'est pas un nombre")]
    [InlineData("longitude", "181", "hors des bornes")]
    [InlineData("pays", "BELGIQUE", "pays non pris en charge")]
    [InlineData("libelle_du_site", "BUREAU\u0007", "caractères de contrôle")]
    public void Each_fault_is_named_with_its_column(string column, string value, string reason)
    {
        var (poc, errors) = Parse(Line((column, value)));
        Assert.Null(poc);
        var error = Assert.Single(errors);
        Assert.Equal(column, error.Field);
        Assert.Contains(reason, error.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Several_faults_are_all_reported()
    {
        var (_, errors) = Parse(Line(("identifiant_a", "X"), ("latitude", "nord")));
        Assert.Equal(["identifiant_a", "latitude"], errors.Select(e => e.Field));
    }

    [Fact]
    public void A_huge_value_is_refused_not_truncated()
    {
        var (_, errors) = Parse(Line(("adresse", new string('A', 5000))));
        Assert.Contains("trop long", Assert.Single(errors).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Andorra_and_Monaco_are_attached_to_the_departments_that_serve_them()
    {
        var (andorra, e1) = Parse(Line(("code_postal", "AD500"), ("code_insee", "99130"), ("pays", "ANDORRE")));
        var (canillo, e2) = Parse(Line(("code_postal", "AD100"), ("code_insee", "09920"), ("pays", "ANDORRE")));
        var (monaco, e3) = Parse(Line(("code_postal", "98000"), ("code_insee", "99138")));
        Assert.Empty(e1.Concat(e2).Concat(e3));
        Assert.Equal(["09", "09", "06"], new[] { andorra!, canillo!, monaco! }.Select(p => p.DepartmentCode));
    }
}
