// Team-member routes (issue 21): list, create (with one provider calendar per location), change,
// add a calendar at another location, and the clinic's travel times between locations.

import { memberLimitSchema, travelSchema } from "@bookwell/engine";
import { z } from "zod";
import {
  addMemberCalendar,
  changeMember,
  createMember,
  listMembersWithCalendars,
  type MemberWithCalendars,
  saveTravel,
} from "../../../commands/back-office/members.js";
import { each, jsonAnswer } from "../../command-reply.js";
import { routesAt } from "../../group.js";
import { created, ok } from "../../responses.js";
import { email, id, integer, text } from "../../schemas/common.js";
import { idParam } from "../../schemas/public.js";
import { DESK, MANAGER } from "../shared.js";
import { backOfficeRoute } from "./shared.js";

const memberLocation = z.strictObject({
  locationId: id,
  calendarId: id.optional().meta({ description: "Default: <memberId>-<locationId>" }),
});

const url = z.url("must be a URL").max(2000, "must be at most 2000 characters");

/** `POST /v1/staff/team/members` body. */
export const createMemberBody = z.strictObject({
  id,
  name: text(200).pipe(z.string().min(1, "must not be empty")),
  photoUrl: url.optional(),
  bio: text(2000).optional(),
  disciplines: z.array(z.string().min(1).max(100)).min(1).max(50),
  email: email.optional().meta({ description: "Where notices for this member go" }),
  notices: z.boolean().optional().meta({
    description:
      "Opt in to e-mails about the member's visits (booked, moved, canceled) at `email` (default false)",
  }),
  limits: z.array(memberLimitSchema).max(20).default([]),
  locations: z.array(memberLocation).min(1, "must name at least one location").max(50).meta({
    description: "One provider calendar is created per location",
  }),
});

/** `PATCH /v1/staff/team/members/:id` body. */
export const changeMemberBody = z.strictObject({
  name: text(200).pipe(z.string().min(1, "must not be empty")).optional(),
  photoUrl: url.nullable().optional(),
  bio: text(2000).nullable().optional(),
  disciplines: z.array(z.string().min(1).max(100)).min(1).max(50).optional(),
  email: email.nullable().optional(),
  notices: z.boolean().optional().meta({
    description: "Opt in (true) or out (false) of e-mails about the member's visits at `email`",
  }),
  active: z.boolean().optional(),
  limits: z.array(memberLimitSchema).max(20).optional(),
});

const memberOut = z
  .object({
    id: z.string(),
    name: z.string(),
    disciplines: z.array(z.string()),
    notices: z.boolean(),
    active: z.boolean(),
    limits: z.array(z.unknown()),
    calendars: z.array(
      z.object({ id: z.string(), locationId: z.string(), active: z.boolean() }).passthrough(),
    ),
  })
  .passthrough();

function present({ member, calendars }: MemberWithCalendars) {
  const { clinicId: _c, ...fields } = member;
  return {
    ...fields,
    calendars: calendars.map((c) => ({
      id: c.id,
      name: c.name,
      locationId: c.locationId,
      timeZone: c.timeZone,
      active: c.active,
    })),
  };
}

/** The answer of a route that saved a member: the member with its calendars. */
const memberAnswer = (status: number) =>
  jsonAnswer(status, "The member", { member: memberOut }, present);

/** The back-office routes under `/v1/staff/team`. */
const team = routesAt(backOfficeRoute, "/v1/staff/team");

/** `GET /v1/staff/team/members` */
export const listMembersRoute = team.get("/members", {
  operationId: "backOfficeListMembers",
  summary: "Team members, each with its provider calendars (one per location)",
  roles: DESK,
  ...jsonAnswer(200, "The members", { members: z.array(memberOut) }, each(present)),
  command: (_input, work) => listMembersWithCalendars(work),
  runs: "read",
});

/** `POST /v1/staff/team/members` */
export const createMemberRoute = team.post("/members", {
  operationId: "backOfficeCreateMember",
  summary: "Add a team member; one provider calendar per location is created with it",
  roles: MANAGER,
  body: createMemberBody,
  ...memberAnswer(201),
  command: ({ body }, work) => createMember(work, body),
  runs: "catalog",
});

/** `PATCH /v1/staff/team/members/:id` */
export const changeMemberRoute = backOfficeRoute({
  method: "patch",
  path: "/v1/staff/team/members/:id",
  operationId: "backOfficeChangeMember",
  summary: "Change a team member (name, photo, bio, disciplines, e-mail, active, limits)",
  roles: MANAGER,
  params: idParam,
  body: changeMemberBody,
  ...memberAnswer(200),
  command: ({ params, body }, work) => changeMember(work, params.id, body),
  runs: "catalog",
});

/** `POST /v1/staff/team/members/:id/calendars` */
export const addMemberCalendarRoute = backOfficeRoute({
  method: "post",
  path: "/v1/staff/team/members/:id/calendars",
  operationId: "backOfficeAddMemberCalendar",
  summary: "Give a team member a provider calendar at another location",
  roles: MANAGER,
  params: idParam,
  body: memberLocation,
  responses: created(
    "The calendar",
    z.object({ calendar: z.object({ id: z.string() }).passthrough() }),
  ),
  command: ({ params, body }, work) => addMemberCalendar(work, params.id, body),
  runs: "catalog",
  reply: (calendar) => {
    const { clinicId: _c, ...fields } = calendar;
    return { status: 201, body: { calendar: fields } };
  },
});

const travelOut = z.object({
  defaultMinutes: integer,
  pairs: z.array(z.object({ locationIds: z.array(z.string()), minutes: integer })),
});

/** `PUT /v1/staff/team/travel` */
export const putTravelRoute = team.put("/travel", {
  operationId: "backOfficePutTravel",
  summary: "Replace the travel minutes a member needs between two locations",
  roles: MANAGER,
  body: travelSchema.strict(),
  responses: ok("The travel times", z.object({ travel: travelOut })),
  command: ({ body }, work) => saveTravel(work, body),
  runs: "catalog",
  reply: (travel) => ({ status: 200, body: { travel } }),
});
