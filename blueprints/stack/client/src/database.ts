// The database's types as supabase-js reads them: what `supabase gen types typescript --local`
// prints for the migrations in supabase/migrations. Regenerate it after a schema change.
export type Json = string | number | boolean | null | { [key: string]: Json | undefined } | Json[];

export type Database = {
  public: {
    Tables: {
      items: {
        Row: { id: number; owner_id: string; title: string; done: boolean; created_at: string };
        Insert: { id?: never; owner_id?: string; title: string; done?: boolean; created_at?: string };
        Update: { id?: never; owner_id?: string; title?: string; done?: boolean; created_at?: string };
        Relationships: [];
      };
    };
    Views: { [_ in never]: never };
    Functions: { [_ in never]: never };
    Enums: { [_ in never]: never };
    CompositeTypes: { [_ in never]: never };
  };
};

export type Item = Database["public"]["Tables"]["items"]["Row"];
