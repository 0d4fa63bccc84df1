namespace CadrePipeline.Core.Intake.Readers;

/// <summary>
/// Excel's day numbers. In the 1900 system serial 1 is 1900-01-01 and Excel counts a 29 February 1900 that never was
/// (serial 60), so serials 1–59 are one day later than OLE automation dates of the same number; from 61 on they agree.
/// The 1904 system counts from 1904-01-01 = 0, 1,462 days after the 1900 system.
/// </summary>
internal static class ExcelSerial
{
    /// <summary>The OLE automation date (what <see cref="DateTime.FromOADate"/> reads) of an Excel serial; serial 60 reads as 1900-02-28.</summary>
    public static double ToOADate(double serial, bool date1904)
    {
        if (date1904)
        {
            return serial + 1462;
        }

        return serial is >= 0 and < 60 ? serial + 1 : serial;
    }
}
