// The shape every locale file fills in. Strings may hold `{placeholders}`; plural messages hold one
// form per Intl.PluralRules category the language uses ("other" is always required).

/** Plural forms of one message, picked with Intl.PluralRules. */
export interface PluralMessage {
  zero?: string;
  one?: string;
  two?: string;
  few?: string;
  many?: string;
  other: string;
}

/** Every text the widget shows, in one language. */
export interface Messages {
  title: string;
  manageTitle: string;
  stepOf: string;
  back: string;
  retry: string;
  loading: string;
  optional: string;
  errorNetwork: string;
  errorGeneric: string;
  errorRateLimited: PluralMessage;
  errorNotConfigured: string;

  chooseCategory: string;
  chooseService: string;
  noServices: string;
  serviceFacts: string;
  chooseProvider: string;
  anyProvider: string;
  anyProviderHint: string;
  noProviders: string;

  chooseTime: string;
  previousMonth: string;
  nextMonth: string;
  calendarHint: string;
  timesFree: PluralMessage;
  noTimes: string;
  today: string;
  selected: string;
  loadingTimes: string;
  monthSummary: PluralMessage;
  monthEmpty: string;
  showNextMonth: string;
  bookableUntil: string;
  timesOn: string;
  timesLoaded: PluralMessage;
  pickDayFirst: string;
  zoneNote: string;
  timeName: string;
  withProvider: string;
  holding: string;

  detailsHeading: string;
  heldFor: string;
  timeLeft: string;
  holdWarning: PluralMessage;
  extendHold: string;
  holdExtended: PluralMessage;
  holdExpired: string;
  name: string;
  email: string;
  phone: string;
  notes: string;
  notesHint: string;
  nameRequired: string;
  emailRequired: string;
  emailInvalid: string;
  phoneInvalid: string;
  errorSummary: PluralMessage;
  remember: string;
  rememberHint: string;
  remembered: string;
  forget: string;
  forgotten: string;
  confirmBooking: string;
  booking: string;

  slotTaken: string;
  /** The time passed or became too soon to book while the page was open. */
  slotGone: string;
  /** A class whose last place was taken meanwhile. */
  classFull: string;
  alternativesIntro: string;
  noAlternatives: string;
  chooseAnother: string;

  paymentHeading: string;
  paymentDue: string;
  payNow: string;
  paying: string;
  paymentFailed: string;
  payLater: string;
  paid: string;
  /** Before booking, when the server asks a deposit online; `{amount}`. */
  depositNote: string;
  /** Before booking, when the server asks the full price online; `{amount}`. */
  fullPaymentNote: string;
  /** The confirmation's payment row after a deposit; `{amount}`. */
  depositPaid: string;
  payAtClinic: string;

  doneHeading: string;
  doneSummary: string;
  emailSent: string;
  nextStepsHeading: string;
  nextReminder: string;
  nextManage: string;
  nextArrive: string;
  addToCalendar: string;
  bookAnother: string;

  summaryService: string;
  summaryProvider: string;
  summaryWhen: string;
  summaryPrice: string;
  summaryDuration: string;
  summaryStatus: string;
  free: string;

  manageNotFound: string;
  reschedule: string;
  rescheduleHeading: string;
  rescheduleConfirm: string;
  rescheduleFrom: string;
  rescheduleTo: string;
  rescheduled: string;
  cannotReschedule: string;
  cancel: string;
  cancelHeading: string;
  cancelFreeUntil: string;
  cancelFree: string;
  cancelFee: string;
  cancelReason: string;
  confirmCancel: string;
  keepAppointment: string;
  canceled: string;
  canceledFee: string;
  cannotCancel: string;
  /** A change asked through a link whose visit was moved since (409 CONFLICT reason MOVED). */
  manageMoved: string;
  /** After a cancel: book the same service again. */
  bookAgain: string;
  addToGoogle: string;
  addToOutlook: string;
  /** Added to the accessible name of a link that opens a new tab. */
  newTab: string;
  /** Places left in a class at one time. */
  placesLeft: PluralMessage;
  /** 429 HOLD_LIMIT_REACHED: the visitor holds too many times at once. */
  errorHoldLimit: string;
  status: Record<
    | "booked"
    | "confirmed"
    | "arrived"
    | "started"
    | "completed"
    | "no_show"
    | "canceled"
    | "rebooked",
    string
  >;
}
