using System.Globalization;
using System.Text;

namespace Sluice.Expressions;

/// <summary>Float formatting identical to Python's <c>repr</c>.</summary>
public static partial class ExprValues
{
    /// <summary>
    /// Formats a float like Python's <c>repr</c>: the shortest text that round-trips, in positional notation with at
    /// least one fractional digit when the decimal exponent is in [-4, 16) (<c>2.0</c>, <c>0.0001</c>), else in
    /// scientific notation (<c>1e+16</c>, <c>1.5e-05</c>); <c>nan</c>, <c>inf</c> and <c>-inf</c> otherwise.
    /// </summary>
    public static string FormatDouble(double value)
    {
        if (double.IsNaN(value))
        {
            return "nan";
        }

        if (double.IsInfinity(value))
        {
            return value > 0 ? "inf" : "-inf";
        }

        if (value == 0)
        {
            return double.IsNegative(value) ? "-0.0" : "0.0";
        }

        var magnitude = Math.Abs(value);
        if (magnitude is >= 1e-4 and < 1e15)
        {
            // Here .NET's shortest round-trip text is already positional, as Python's is; only ".0" may be missing.
            var fixedText = value.ToString("R", CultureInfo.InvariantCulture);
            if (!fixedText.Contains('E', StringComparison.Ordinal))
            {
                return fixedText.Contains('.', StringComparison.Ordinal) ? fixedText : fixedText + ".0";
            }
        }

        var (digits, point) = ShortestDigits(magnitude);
        var exponent = point - 1;
        var text = new StringBuilder(digits.Length + 8);
        if (value < 0)
        {
            text.Append('-');
        }

        if (exponent is >= -4 and < 16)
        {
            if (point <= 0)
            {
                text.Append("0.").Append('0', -point).Append(digits);
            }
            else if (point >= digits.Length)
            {
                text.Append(digits).Append('0', point - digits.Length).Append(".0");
            }
            else
            {
                text.Append(digits, 0, point).Append('.').Append(digits, point, digits.Length - point);
            }
        }
        else
        {
            text.Append(digits[0]);
            if (digits.Length > 1)
            {
                text.Append('.').Append(digits, 1, digits.Length - 1);
            }

            text.Append('e').Append(exponent < 0 ? '-' : '+').Append(Math.Abs(exponent).ToString("00", CultureInfo.InvariantCulture));
        }

        return text.ToString();
    }

    /// <summary>The shortest round-trip significant digits of a positive float, and where the point goes (value = 0.DIGITS × 10^point).</summary>
    private static (string Digits, int Point) ShortestDigits(double value)
    {
        var round = value.ToString("R", CultureInfo.InvariantCulture);
        var e = round.IndexOf('E', StringComparison.Ordinal);
        var mantissa = e < 0 ? round : round[..e];
        var exponent = e < 0 ? 0 : int.Parse(round.AsSpan(e + 1), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture);
        var dot = mantissa.IndexOf('.', StringComparison.Ordinal);
        var digits = dot < 0 ? mantissa : mantissa.Remove(dot, 1);
        var point = (dot < 0 ? mantissa.Length : dot) + exponent;
        var leading = digits.Length - digits.TrimStart('0').Length;
        return (digits.Trim('0'), point - leading);
    }
}
