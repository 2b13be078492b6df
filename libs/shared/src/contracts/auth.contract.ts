import { Rol } from './enums';

/** Who is asking: carried from the gateway to every service with each request. */
export interface Actor {
  userId: string;
  username: string;
  rol: Rol;
  /** Office of an AREA user; null for roles that are not scoped to an office. */
  areaId: number | null;
  ip?: string;
}
