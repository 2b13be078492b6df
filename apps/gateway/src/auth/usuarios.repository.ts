import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Usuario } from '@mesa/db-entities';
import { timedDb } from '@mesa/shared/database';

/** Rows of `gateway.usuario` that signing in reads and writes. */
@Injectable()
export class UsuariosRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  porUsername(username: string): Promise<Usuario | null> {
    return timedDb('gateway.usuario_by_username', () => this.db.getRepository(Usuario).findOneBy({ username }));
  }

  /** Replaces the password hash only if nobody changed it meanwhile (still `anterior`). */
  async cambiarHashSiIgual(id: string, anterior: string, nuevo: string): Promise<void> {
    await timedDb('gateway.usuario_rehash', () =>
      this.db.query('UPDATE gateway.usuario SET password_hash = $1 WHERE id = $2 AND password_hash = $3', [nuevo, id, anterior]),
    );
  }
}
