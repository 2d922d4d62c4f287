import type { JSX } from "preact";
import type { Provider, Service } from "../api/types.js";
import { useWidget } from "../context.js";

/**
 * The category step: one button per category.
 *
 * @example
 * <CategoryList categories={["Physiotherapy", "Massage"]} onChoose={setCategory} />
 */
export function CategoryList(props: {
  categories: readonly string[];
  selected: string | null;
  onChoose(category: string): void;
}): JSX.Element {
  return (
    <ul class="bw-choices">
      {props.categories.map((category) => (
        <li key={category}>
          <button
            type="button"
            class="bw-choice"
            aria-current={props.selected === category ? "true" : undefined}
            onClick={() => props.onChoose(category)}
          >
            <span class="bw-choice-title">{category}</span>
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * The service step: name, description, duration and price of each service.
 *
 * @example
 * <ServiceList services={services} onChoose={chooseService} />
 */
export function ServiceList(props: {
  services: readonly Service[];
  selected: string | null;
  onChoose(service: Service): void;
}): JSX.Element {
  const { i18n } = useWidget();
  if (props.services.length === 0) return <p class="bw-note">{i18n.m.noServices}</p>;
  return (
    <ul class="bw-choices">
      {props.services.map((service) => (
        <li key={service.id}>
          <button
            type="button"
            class="bw-choice"
            aria-current={props.selected === service.id ? "true" : undefined}
            onClick={() => props.onChoose(service)}
          >
            <span class="bw-choice-title">{service.name}</span>
            <span class="bw-choice-meta">
              {i18n.t(i18n.m.serviceFacts, {
                duration: i18n.duration(service.durationMinutes),
                price: service.price.amount === 0 ? i18n.m.free : i18n.money(service.price),
              })}
            </span>
            {service.description ? <span class="bw-choice-text">{service.description}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}

/**
 * The therapist step: "Any available" first, then each therapist.
 *
 * @example
 * <ProviderList providers={providers} onChoose={chooseProvider} />
 */
export function ProviderList(props: {
  providers: readonly Provider[];
  selected: string | null;
  onChoose(providerId: string): void;
}): JSX.Element {
  const { i18n } = useWidget();
  if (props.providers.length === 0) return <p class="bw-note">{i18n.m.noProviders}</p>;
  return (
    <ul class="bw-choices">
      <li>
        <button
          type="button"
          class="bw-choice"
          aria-current={props.selected === "any" ? "true" : undefined}
          onClick={() => props.onChoose("any")}
        >
          <span class="bw-choice-title">{i18n.m.anyProvider}</span>
          <span class="bw-choice-text">{i18n.m.anyProviderHint}</span>
        </button>
      </li>
      {props.providers.map((provider) => (
        <li key={provider.id}>
          <button
            type="button"
            class="bw-choice"
            aria-current={props.selected === provider.id ? "true" : undefined}
            onClick={() => props.onChoose(provider.id)}
          >
            {provider.photoUrl ? (
              <img class="bw-photo" src={provider.photoUrl} alt="" width={48} height={48} />
            ) : null}
            <span class="bw-choice-title">{provider.name}</span>
            {provider.bio ? <span class="bw-choice-text">{provider.bio}</span> : null}
          </button>
        </li>
      ))}
    </ul>
  );
}
