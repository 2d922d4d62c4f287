// The calendar section of the staff app: the day grid (staff-calendar.tsx) with the shell's
// client, role and language; a visit's patient opens in the Patients section.
import type { JSX } from "preact";
import { StaffCalendarApp } from "../staff-calendar.js";
import type { StaffSectionProps } from "./contract.js";

/**
 * The day grid as a section of the staff app.
 *
 * @example
 * <CalendarSection client={client} me={me} locale="pt" clinic={clinic} params={{}} navigate={go} />
 */
export function CalendarSection(props: StaffSectionProps): JSX.Element {
  const date = props.params.date ?? props.settings?.date;
  const poll = props.settings?.pollSeconds;
  return (
    <StaffCalendarApp
      options={{
        api: "",
        locale: props.clinic.locale ?? props.locale,
        ...(date ? { date } : {}),
        ...(poll === undefined ? {} : { pollSeconds: poll }),
      }}
      client={props.client}
      clinic={props.clinic}
      onOpenPatient={(clientId) => props.navigate({ section: "patients", params: { clientId } })}
    />
  );
}
