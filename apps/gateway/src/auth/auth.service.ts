import { Inject, Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Usuario } from '@mesa/db-entities';
import { APP_CONFIG } from '@mesa/shared/app';
import { JwtClaims, verifyPassword } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { timedDb } from '@mesa/shared/database';
import { unauthorized } from '@mesa/shared/errors';
import { TokenDto } from './auth.dto';

/** Users and sessions are the gateway's own data (schema `gateway`). */
@Injectable()
export class AuthService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly jwt: JwtService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async login(username: string, password: string): Promise<TokenDto> {
    const user = await timedDb('gateway.usuario_by_username', () =>
      this.db.getRepository(Usuario).findOneBy({ username, activo: true }),
    );
    // Same answer for an unknown user and a wrong password: no user enumeration.
    if (!user || !(await verifyPassword(password, user.passwordHash))) {
      throw unauthorized('CREDENCIALES_INVALIDAS', 'Usuario o contraseña incorrectos');
    }
    const claims: JwtClaims = { sub: user.id, username: user.username, rol: user.rol, areaId: user.areaId };
    const expiresIn = this.config.JWT_EXPIRES_IN_SECONDS;
    return { accessToken: await this.jwt.signAsync(claims, { expiresIn }), expiresIn, tokenType: 'Bearer' };
  }
}
