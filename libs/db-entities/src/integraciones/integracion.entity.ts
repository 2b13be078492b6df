import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { EstadoConexion, TipoAutenticacion, TipoIntegracion } from '@mesa/shared/contracts';

/** A connection to another state system, outbound (credentials) and/or inbound (API key). */
@Entity({ schema: 'integraciones', name: 'integracion' })
@Index('uq_integracion_codigo', ['codigo'], { unique: true })
@Index('uq_integracion_api_key_hash', ['apiKeyHash'], { unique: true })
export class Integracion {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'varchar', length: 50 })
  codigo: string;

  @Column({ type: 'varchar', length: 150 })
  nombre: string;

  @Column({ type: 'enum', enum: TipoIntegracion, enumName: 'tipo_integracion' })
  tipo: TipoIntegracion;

  @Column({ name: 'url_base', type: 'varchar', length: 500, nullable: true })
  urlBase: string | null;

  @Column({
    name: 'tipo_autenticacion',
    type: 'enum',
    enum: TipoAutenticacion,
    enumName: 'tipo_autenticacion',
    default: TipoAutenticacion.NONE,
  })
  tipoAutenticacion: TipoAutenticacion;

  /** AES-256-GCM blob of the outbound credentials; never returned by the API. */
  @Column({ name: 'credenciales_cifradas', type: 'text', nullable: true })
  credencialesCifradas: string | null;

  /** SHA-256 hex of the key the other system presents on inbound calls. */
  @Column({ name: 'api_key_hash', type: 'varchar', length: 64, nullable: true })
  apiKeyHash: string | null;

  @Column({ name: 'mapeo_campos', type: 'jsonb', default: () => "'{}'" })
  mapeoCampos: Record<string, string>;

  @Column({ name: 'webhook_secret_cifrado', type: 'text', nullable: true })
  webhookSecretCifrado: string | null;

  /** Event names this integration is sent. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  eventos: string[];

  @Column({ type: 'boolean', default: true })
  activa: boolean;

  @Column({
    name: 'estado_conexion',
    type: 'enum',
    enum: EstadoConexion,
    enumName: 'estado_conexion',
    default: EstadoConexion.DESCONECTADO,
  })
  estadoConexion: EstadoConexion;

  @Column({ name: 'ultima_sincronizacion', type: 'timestamptz', nullable: true })
  ultimaSincronizacion: Date | null;

  @Column({ name: 'timeout_ms', type: 'int', default: 10000 })
  timeoutMs: number;

  @Column({ name: 'max_reintentos', type: 'int', default: 5 })
  maxReintentos: number;

  /** Consecutive failed calls; the circuit opens at `umbralCircuito`. */
  @Column({ name: 'fallos_consecutivos', type: 'int', default: 0 })
  fallosConsecutivos: number;

  /** First retry delay; each later one doubles (with jitter). */
  @Column({ name: 'reintento_base_ms', type: 'int', default: 2000 })
  reintentoBaseMs: number;

  @Column({ name: 'umbral_circuito', type: 'int', default: 5 })
  umbralCircuito: number;

  /** How long an open circuit holds sends before one is let through as a trial. */
  @Column({ name: 'espera_circuito_ms', type: 'int', default: 30000 })
  esperaCircuitoMs: number;

  @Column({ name: 'circuito_abierto_hasta', type: 'timestamptz', nullable: true })
  circuitoAbiertoHasta: Date | null;

  @Column({ name: 'limite_entrante_por_minuto', type: 'int', default: 120 })
  limiteEntrantePorMinuto: number;

  @Column({ name: 'fecha_ultima_prueba', type: 'timestamptz', nullable: true })
  fechaUltimaPrueba: Date | null;

  @Column({ name: 'tiempo_respuesta_prueba_ms', type: 'int', nullable: true })
  tiempoRespuestaPruebaMs: number | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz', default: () => 'now()' })
  createdAt: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;
}
