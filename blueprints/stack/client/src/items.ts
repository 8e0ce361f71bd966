// The items of the signed-in user. Row level security on the server decides what a user
// sees: this module never filters by owner itself, so a client bug cannot leak rows.
import { createClient, type SupabaseClient, type SupabaseClientOptions } from "@supabase/supabase-js";

import type { Database, Item } from "./database.js";

export type { Database, Item };
export type Backend = SupabaseClient<Database>;

/** A client for the project at `url` (SUPABASE_URL) with its publishable anon key. */
export function connect(url: string, anonKey: string, options: SupabaseClientOptions<"public"> = {}): Backend {
  return createClient<Database>(url, anonKey, options);
}

export class ItemsError extends Error {}

function rows<T>(result: { data: T | null; error: { message: string } | null }): T {
  if (result.error) throw new ItemsError(result.error.message);
  if (result.data === null) throw new ItemsError("no data returned");
  return result.data;
}

/** The user's items, newest first. */
export async function listItems(backend: Backend): Promise<Item[]> {
  return rows(await backend.from("items").select("*").order("created_at", { ascending: false }));
}

/** A new item; the database sets its owner to the signed-in user. */
export async function addItem(backend: Backend, title: string): Promise<Item> {
  const trimmed = title.trim();
  if (trimmed.length < 1 || trimmed.length > 200) throw new ItemsError("title: 1-200 characters");
  return rows(await backend.from("items").insert({ title: trimmed }).select().single());
}

/** Marks an item done (or not); an item of another user is simply not found. */
export async function setDone(backend: Backend, id: number, done: boolean): Promise<Item> {
  return rows(await backend.from("items").update({ done }).eq("id", id).select().single());
}

export async function removeItem(backend: Backend, id: number): Promise<void> {
  const { error } = await backend.from("items").delete().eq("id", id);
  if (error) throw new ItemsError(error.message);
}
