using System.Globalization;

namespace ProjectScout.Toolkit.Cost;

/// <summary>
/// How often a Quartz cron expression (seconds minutes hours day-of-month month day-of-week [year]) fires in an average
/// month (365.25 / 12 days). Supports *, ?, numbers, names, lists, ranges and steps; L, W and # are not estimated (null).
/// </summary>
public static class QuartzRuns
{
    public const decimal DaysPerMonth = 365.25m / 12m;

    private static readonly string[] Days = ["SUN", "MON", "TUE", "WED", "THU", "FRI", "SAT"];
    private static readonly string[] Months = ["JAN", "FEB", "MAR", "APR", "MAY", "JUN", "JUL", "AUG", "SEP", "OCT", "NOV", "DEC"];

    public static decimal? PerMonth(string expression)
    {
        var fields = expression.Split(' ', StringSplitOptions.RemoveEmptyEntries);
        if (fields.Length is < 6 or > 7 || fields.Any(f => f.Contains('L') && f != "L" || f.Contains('W') || f.Contains('#')) || fields.Contains("L"))
        {
            return null;
        }

        var seconds = Count(fields[0], 0, 59, null);
        var minutes = Count(fields[1], 0, 59, null);
        var hours = Count(fields[2], 0, 23, null);
        var months = Count(fields[4], 1, 12, Months);
        if (seconds is null || minutes is null || hours is null || months is null)
        {
            return null;
        }

        decimal? days = fields[5] is "?" or "*"
            ? fields[3] is "?" or "*" ? DaysPerMonth : Count(fields[3], 1, 31, null)
            : Count(fields[5], 1, 7, Days) is { } weekdays ? weekdays * DaysPerMonth / 7m : null;
        return days is null ? null : seconds * minutes * hours * days * months / 12m;
    }

    /// <summary>How many values of [min, max] the field selects; null when it cannot be read.</summary>
    private static int? Count(string field, int min, int max, string[]? names)
    {
        if (field is "*" or "?")
        {
            return max - min + 1;
        }

        var selected = new HashSet<int>();
        foreach (var part in field.Split(','))
        {
            var (range, step) = part.Split('/') is [var r, var s] ? (r, s) : (part, "1");
            if (!int.TryParse(step, NumberStyles.None, CultureInfo.InvariantCulture, out var by) || by < 1)
            {
                return null;
            }

            int? from, to;
            if (range == "*")
            {
                (from, to) = (min, max);
            }
            else if (range.Split('-') is [var a, var b])
            {
                (from, to) = (Value(a, min, names), Value(b, min, names));
            }
            else
            {
                from = Value(range, min, names);
                to = part.Contains('/') ? max : from;
            }

            if (from is null || to is null || from < min || to > max)
            {
                return null;
            }

            for (var v = from.Value; v <= to.Value; v += by)
            {
                selected.Add(v);
            }
        }

        return selected.Count;
    }

    private static int? Value(string text, int min, string[]? names)
    {
        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var n))
        {
            return n;
        }

        var index = names is null ? -1 : Array.IndexOf(names, text.ToUpperInvariant());
        return index < 0 ? null : index + min;
    }
}
