namespace Aiguillage.Domain.Territories;

/// <summary>The levels at which a manager's territory can be set (issue 2 §4).</summary>
public enum TerritoryLevel
{
    Office = 0,
    Department = 1,
    Region = 2,
    Nation = 3,
}
