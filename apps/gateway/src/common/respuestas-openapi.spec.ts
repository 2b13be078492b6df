import { Body, Controller, Delete, Get, Param, ParseUUIDPipe, Post } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { FastifyAdapter, NestFastifyApplication } from '@nestjs/platform-fastify';
import { ApiProperty, DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { ArrayMaxSize, IsArray, IsInt, IsString, IsUUID, Length, Matches, Max, Min } from 'class-validator';
import { Public, Roles } from '@mesa/shared/auth';
import type { AppConfig } from '@mesa/shared/config';
import { Rol } from '@mesa/shared/contracts';
import { LimitePublico } from '../rate-limit/rate-limit.module';
import { idEnteroPipe } from './enteros';
import { documentarLimites, longitudDePatron } from './limites-openapi';
import { completarDocumento } from './respuestas-openapi';

class EjemploDto {
  @ApiProperty() @IsString() @Length(3, 40) nombre: string;
  @ApiProperty() @IsInt() @Min(1) @Max(500) cantidad: number;
  @ApiProperty({ type: [String] }) @IsArray() @ArrayMaxSize(7) @IsUUID('4', { each: true }) ids: string[];
  @ApiProperty() @IsString() @Matches(/^[A-Z]{2,6}$/) codigo: string;
  @ApiProperty({ maxLength: 20 }) @IsString() @Length(1, 30) nota: string;
}

@Controller('ejemplo')
class EjemploController {
  @Get(':id')
  leer(@Param('id', new ParseUUIDPipe()) id: string) {
    return id;
  }

  @Post()
  @Roles(Rol.ADMIN)
  crear(@Body() body: EjemploDto) {
    return body;
  }

  @Delete('area/:areaId')
  borrar(@Param('areaId', idEnteroPipe(() => new Error('no'))) areaId: number) {
    return areaId;
  }

  @Get()
  @Public()
  @LimitePublico()
  publico() {
    return 'ok';
  }
}

const CONFIG = {
  CORS_ORIGINS: 'http://localhost:5173',
  RATE_LIMIT_PER_MINUTE: 600,
  PUBLIC_RATE_LIMIT_PER_MINUTE: 20,
  LOGIN_LOCKOUT_MAX_SECONDS: 900,
} as AppConfig;

/* eslint-disable @typescript-eslint/no-explicit-any */
describe('the OpenAPI document of the gateway', () => {
  let doc: any;

  beforeAll(async () => {
    const ref = await Test.createTestingModule({ controllers: [EjemploController] }).compile();
    const app = ref.createNestApplication<NestFastifyApplication>(new FastifyAdapter());
    await app.init();
    documentarLimites();
    doc = completarDocumento(SwaggerModule.createDocument(app, new DocumentBuilder().addBearerAuth().build()), [EjemploController], CONFIG);
    await app.close();
  });

  const op = (path: string, method: string) => doc.paths[path][method];

  it('shows the limits class-validator enforces, and lets @ApiProperty state its own', () => {
    const props = doc.components.schemas.EjemploDto.properties;
    expect(props.nombre).toMatchObject({ type: 'string', minLength: 3, maxLength: 40 });
    expect(props.cantidad).toMatchObject({ type: 'integer', format: 'int32', minimum: 1, maximum: 500 });
    expect(props.ids).toMatchObject({ type: 'array', maxItems: 7, items: { type: 'string', format: 'uuid', maxLength: 36 } });
    expect(props.codigo).toMatchObject({ pattern: '^[A-Z]{2,6}$', minLength: 2, maxLength: 6 });
    expect(props.nota.maxLength).toBe(20);
  });

  it('reads the length of fixed-piece patterns only', () => {
    expect(longitudDePatron('^\\d{4}-\\d{2}-\\d{2}$')).toEqual({ min: 10, max: 10 });
    expect(longitudDePatron('^[A-Za-z0-9._:-]{1,100}$')).toEqual({ min: 1, max: 100 });
    expect(longitudDePatron('^a+$')).toBeUndefined();
    expect(longitudDePatron('^(a|b)$')).toBeUndefined();
  });

  it('gives path parameters the schema of their pipes', () => {
    expect(op('/ejemplo/{id}', 'get').parameters[0].schema).toMatchObject({ type: 'string', format: 'uuid', maxLength: 36 });
    expect(op('/ejemplo/area/{areaId}', 'delete').parameters[0].schema).toMatchObject({ type: 'integer', minimum: 1, maximum: 2_147_483_647 });
  });

  it('lists the problem responses that apply, as problem JSON of one schema', () => {
    expect(Object.keys(op('/ejemplo/{id}', 'get').responses).sort()).toEqual(['200', '401', '404', '429', '500']);
    expect(Object.keys(op('/ejemplo', 'post').responses).sort()).toEqual(['201', '400', '401', '403', '429', '500']);
    expect(Object.keys(op('/ejemplo', 'get').responses).sort()).toEqual(['200', '429', '500']);
    expect(op('/ejemplo', 'post').responses['403'].content['application/problem+json'].schema).toEqual({
      $ref: '#/components/schemas/ProblemDetails',
    });
  });

  it('says which routes need the token, as AuthGuard decides', () => {
    expect(op('/ejemplo', 'post').security).toEqual([{ bearer: [] }]);
    expect(op('/ejemplo', 'get').security).toBeUndefined();
  });

  it('documents the rate-limit headers the limiter sends, the public ones only where it counts them, and Retry-After on 429', () => {
    const privada = op('/ejemplo', 'post').responses;
    const publica = op('/ejemplo', 'get').responses;
    expect(Object.keys(privada['201'].headers)).toEqual(
      expect.arrayContaining(['X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset', 'Access-Control-Allow-Origin']),
    );
    expect(Object.keys(privada['201'].headers)).not.toContain('X-RateLimit-Limit-publico');
    expect(Object.keys(publica['200'].headers)).toContain('X-RateLimit-Limit-publico');
    expect(privada['429'].headers['Retry-After']).toEqual({ $ref: '#/components/headers/Retry-After' });
    expect(doc.components.headers['X-RateLimit-Limit'].schema).toMatchObject({ minimum: 1, maximum: 600 });
    expect(doc.components.headers['Access-Control-Allow-Origin'].schema).toEqual({ type: 'string', enum: ['http://localhost:5173'] });
  });
});
