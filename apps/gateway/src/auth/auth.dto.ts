import { ApiProperty } from '@nestjs/swagger';
import { IsString, Length, Matches } from 'class-validator';

export class LoginDto {
  @ApiProperty({ example: 'mesa', maxLength: 50 }) @IsString() @Length(1, 50) username: string;
  @ApiProperty({ example: 'mesa-dev-2026', maxLength: 200 }) @IsString() @Length(1, 200) password: string;
}

export class RefreshDto {
  @ApiProperty({
    description: 'The refresh token of the last answer (each is used once)',
    minLength: 43,
    maxLength: 43,
  })
  @IsString()
  @Matches(/^[A-Za-z0-9_-]{43}$/, { message: 'refreshToken must be a refresh token' })
  refreshToken: string;
}

export class TokenDto {
  @ApiProperty({ description: 'Bearer token for the API (EdDSA JWT)' }) accessToken: string;
  @ApiProperty({ description: 'Seconds until the access token expires (at most 900)' }) expiresIn: number;
  @ApiProperty({ example: 'Bearer' }) tokenType: string;
  @ApiProperty({ description: 'Single use: POST /auth/refresh gives a new access token and the next refresh token' })
  refreshToken: string;
  @ApiProperty({ description: 'Seconds until the session ends; refreshing does not extend it' })
  refreshExpiresIn: number;
}
