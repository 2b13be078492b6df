import { Idempotencia } from './idempotencia.entity';
import { Usuario } from './usuario.entity';

export { Idempotencia, Usuario };

export const gatewayEntities = [Usuario, Idempotencia];
