import KSPMCore
import Testing

@Suite struct CivilCalendarTests {
  @Test func knownDates() {
    #expect(CivilCalendar.date(fromDays: 0) == (1970, 1, 1))
    #expect(CivilCalendar.date(fromDays: -1) == (1969, 12, 31))
    #expect(CivilCalendar.date(fromDays: 11_016) == (2000, 2, 29))
    #expect(CivilCalendar.days(year: 2024, month: 3, day: 1) - CivilCalendar.days(year: 2024, month: 2, day: 28) == 2)
    #expect(CivilCalendar.days(year: 2100, month: 3, day: 1) - CivilCalendar.days(year: 2100, month: 2, day: 28) == 1)
    #expect(CivilCalendar.zeroPadded(7, 3) == "007")
    #expect(CivilCalendar.zeroPadded(12345, 3) == "12345")
  }

  @Test func daysAndDatesAreInverse() {
    for day in stride(from: Int64(-800_000), through: 800_000, by: 997) {
      let (y, m, d) = CivilCalendar.date(fromDays: day)
      #expect(CivilCalendar.days(year: y, month: m, day: d) == day)
    }
  }
}
