import type { ChatMessage } from "./provider.js";

/** Builders of one API's content parts. */
export interface PartBuilders<T> {
  text(text: string): T;
  /** A PNG, base64-encoded. */
  image(base64: string): T;
}

/** A message's parts in an API's own shapes, in order. */
export function mapParts<T>(message: ChatMessage, build: PartBuilders<T>): T[] {
  return message.content.map((part) =>
    part.type === "text" ? build.text(part.text) : build.image(part.png.toString("base64")),
  );
}

/** An assistant turn as the plain text both APIs take; neither accepts images from the assistant. */
export function assistantText(message: ChatMessage, provider: string): string {
  if (message.content.some((part) => part.type === "image")) {
    throw new Error(`${provider}: an assistant message cannot carry images`);
  }
  return message.content.map((part) => (part.type === "text" ? part.text : "")).join("\n");
}
