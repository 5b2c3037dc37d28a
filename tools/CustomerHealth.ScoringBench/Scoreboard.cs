namespace CustomerHealth.ScoringBench;

/// <summary>The figures the issue names, each against its target, printed at the end of the run.</summary>
public sealed class Scoreboard
{
    private readonly List<(string Figure, string Measured, string Target, bool? Met)> _rows = [];

    /// <param name="met">Null when the target does not apply to this measurement (context, e.g. a lower rate).</param>
    public void Add(string figure, string measured, string target, bool? met)
    {
        _rows.Add((figure, measured, target, met));
        Console.WriteLine($"==> {figure}: {measured} (target {target}: {Verdict(met)})");
    }

    private static string Verdict(bool? met) => met switch { true => "met", false => "MISSED", null => "not applicable" };

    public void Print()
    {
        Console.WriteLine();
        Console.WriteLine("| Figure | Measured | Target | Met |");
        Console.WriteLine("|---|---|---|---|");
        foreach (var (figure, measured, target, met) in _rows)
        {
            Console.WriteLine($"| {figure} | {measured} | {target} | {met switch { true => "yes", false => "**no**", null => "n/a" }} |");
        }
    }
}
