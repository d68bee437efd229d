import { EventEmitter } from "node:events";
import { logger } from "../../log.js";
import { EpisodeEvent, type EventFields, type EventOf, type EventType } from "./events.js";

const log = logger("episode");
const ANY = Symbol("any event");

/**
 * The one stream of an episode's events. Publishers (the Episode, the recording renderer
 * and provider) give typed fields; each event is checked against its schema, stamped with
 * the time and the attempt, handed to the record first (a record that cannot be written
 * fails the episode), then to every subscriber (the CLI's progress, and later the page,
 * panel and MCP server), whose errors are logged and never reach the episode.
 */
export class EpisodeEventStream {
  private readonly emitter = new EventEmitter();

  constructor(
    readonly attempt: number,
    private readonly record: (event: EpisodeEvent) => void,
  ) {
    this.emitter.setMaxListeners(0);
  }

  publish<T extends EventType>(type: T, fields: EventFields<T>): EventOf<T> {
    const event = EpisodeEvent.parse({ ...fields, type, t: Date.now(), attempt: this.attempt }) as EventOf<T>;
    this.record(event);
    for (const key of [type, ANY]) {
      for (const listener of this.emitter.listeners(key)) {
        try {
          (listener as (e: EpisodeEvent) => void)(event);
        } catch (err) {
          log.error(`a subscriber to ${type} failed: ${(err as Error).message}`);
        }
      }
    }
    return event;
  }

  /** Call `listener` with each event of one type; returns the function that unsubscribes. */
  on<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): () => void {
    this.emitter.on(type, listener);
    return () => this.emitter.off(type, listener);
  }

  /** Call `listener` with the next event of one type only. */
  once<T extends EventType>(type: T, listener: (event: EventOf<T>) => void): void {
    const off = this.on(type, (event) => {
      off();
      listener(event);
    });
  }

  /** Call `listener` with every event. */
  onAny(listener: (event: EpisodeEvent) => void): () => void {
    this.emitter.on(ANY, listener);
    return () => this.emitter.off(ANY, listener);
  }
}
